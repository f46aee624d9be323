// Temporary folders that remove themselves after the test file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `purchase-trends-${label}-`));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
