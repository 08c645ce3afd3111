import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../kernel/index.ts';
import { createHelloSpace } from './app.ts';

describe('programmatic example', () => {
  it('serves res:/hello/{name} through its overlay and hides the implementation', async () => {
    const kernel = new Kernel();
    const app = createHelloSpace();
    const response = await kernel.request(kernel.createRequest('res:/hello/ada%20lovelace'), app);
    expect(response.representation).toBe('Hello, ada lovelace!');
    expect(response.mimeType).toBe('text/plain');
    await expect(kernel.source('res:/greeting', { scope: app })).rejects.toMatchObject({ code: 'ROC_ERR_RESOLUTION' });
  });

  it('resolves from a script', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/programmatic/resolve.ts', 'grace'], { encoding: 'utf8' });
    expect(out.trim()).toBe('Hello, grace!');
  });
});
