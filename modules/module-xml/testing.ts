/** Test helpers for the module-xml tests (not exported from index.ts). */
import { expect } from 'vitest';
import { isRocError, type RocError } from '../../kernel/index.ts';

/** Run `fn`, expect a ROC_ERR_MODULE, and return it for further assertions. */
export function moduleErrorOf(fn: () => unknown): RocError {
  try {
    fn();
  } catch (error) {
    expect(isRocError(error, 'ROC_ERR_MODULE'), String(error)).toBe(true);
    return error as RocError;
  }
  throw new Error('expected a ROC_ERR_MODULE, but nothing was thrown');
}

/** A module.xml around `body` (the content of one rootspace). */
export function moduleWith(body: string, rootspaceAttributes = 'uri="urn:test:space"'): string {
  return `<module version="2.0">
  <meta><identity><uri>urn:test:module</uri><version>1.0.0</version></identity></meta>
  <rootspace ${rootspaceAttributes}>${body}</rootspace>
</module>`;
}
