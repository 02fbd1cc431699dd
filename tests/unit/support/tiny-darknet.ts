/** Vitest side of scripts/local-darknet.ts: skip a test, saying why, when the local copy is absent. */
import type { TestContext } from 'vitest';
import { tinyDarknetMissing } from '../../../scripts/local-darknet.ts';

/** Skip the running test with the reason when the local Tiny Darknet is absent (in CI: fail). */
export function needTinyDarknet(ctx: TestContext): void {
  const reason = tinyDarknetMissing();
  if (reason) ctx.skip(reason);
}
