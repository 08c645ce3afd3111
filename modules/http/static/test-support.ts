/** A folder of files for the StaticFiles tests, with a secret next to it and symlinks pointing out. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Site {
  readonly base: string;
  /** The folder served. */
  readonly root: string;
  /** Bytes of `big.txt`. */
  readonly big: Buffer;
  remove(): void;
}

/** `public/` with text, HTML, a directory with an index, one without, a dotfile, symlinks; `secret.txt` outside. */
export function makeSite(): Site {
  const base = mkdtempSync(join(tmpdir(), 'roc-static-'));
  const root = join(base, 'public');
  mkdirSync(join(root, 'docs'), { recursive: true });
  mkdirSync(join(root, 'files', 'sub'), { recursive: true });
  writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
  writeFileSync(join(root, 'hello.txt'), 'hello world');
  writeFileSync(join(root, 'index.html'), '<h1>home</h1>');
  writeFileSync(join(root, 'style.css'), 'body{}');
  writeFileSync(join(root, 'data.json'), '{"a":1}');
  writeFileSync(join(root, 'a b.txt'), 'spaced');
  writeFileSync(join(root, 'docs', 'index.html'), '<h1>docs</h1>');
  writeFileSync(join(root, 'files', '<b>&"x\'.txt'), 'odd');
  writeFileSync(join(root, 'files', 'plain.txt'), 'plain');
  writeFileSync(join(root, '.env'), 'PASSWORD=1');
  const big = Buffer.from('0123456789abcdef'.repeat(8192)); // 128 KiB, streamed
  writeFileSync(join(root, 'big.txt'), big);
  symlinkSync(join(base, 'secret.txt'), join(root, 'leak.txt'));
  symlinkSync(base, join(root, 'up'));
  symlinkSync(join(base, 'secret.txt'), join(root, 'files', 'leak.txt'));
  const past = new Date('2024-01-02T03:04:05Z');
  utimesSync(join(root, 'hello.txt'), past, past);
  return { base, root, big, remove: () => rmSync(base, { recursive: true, force: true }) };
}

import { Kernel, RocError } from '../../../kernel/index.ts';
import { parameterHelpers, type PrototypeContext } from '../../loader/prototypes.ts';
import { parseXml, type EndpointModel, type XmlNode } from '../../module-xml/index.ts';

/** A PrototypeContext for an `<endpoint>` element in `moduleDir`, as the loader builds one. */
export function prototypeContext(xml: string, moduleDir: string): PrototypeContext {
  const node = parseXml(xml, 'module.xml');
  const standard = new Set(['prototype', 'id', 'private']);
  const parameters: Record<string, XmlNode[]> = {};
  for (const child of node.children) if (!standard.has(child.name)) (parameters[child.name] ??= []).push(child);
  const id = node.children.find((c) => c.name === 'id')?.text.trim();
  const model = { kind: 'endpoint', private: false, file: 'module.xml', path: node.path, ...(id === undefined ? {} : { id }) } as unknown as EndpointModel;
  const fail = (reason: string, path?: string) => new RocError('ROC_ERR_MODULE', { file: 'module.xml', path: path ?? node.path, reason });
  return {
    kernel: new Kernel(), deployment: undefined as never, moduleDir, file: 'module.xml', model, parameters,
    buildSpace: () => Promise.reject(new Error('no space here')),
    fail,
    ...parameterHelpers(parameters, fail, 'StaticFiles'),
  };
}
