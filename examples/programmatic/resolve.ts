// Resolve resources from a script: `npx tsx examples/programmatic/resolve.ts ada`
import { Kernel } from '../../kernel/index.ts';
import { createHelloSpace } from './app.ts';

const kernel = new Kernel();
const app = createHelloSpace();
const name = process.argv[2] ?? 'world';
console.log(await kernel.source(`res:/hello/${encodeURIComponent(name)}`, { scope: app }));
