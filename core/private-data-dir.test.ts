import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureAppDataDir, ensurePrivateDataDir } from './private-data-dir.js';

const posix = process.platform !== 'win32';

test('a data dir the user made and shared is warned about, not changed; the app\'s own folder is tightened', { skip: !posix }, () => {
  const parent = mkdtempSync(join(tmpdir(), 'omniroute-dirs-'));
  try {
    const shared = join(parent, 'shared');
    mkdirSync(shared, { mode: 0o755 });
    const warnings: string[] = [];
    ensurePrivateDataDir(shared, (m) => warnings.push(m));
    assert.equal(statSync(shared).mode & 0o777, 0o755);
    assert.match(warnings[0] ?? '', /chmod 700/);

    const own = join(parent, 'userData');
    mkdirSync(own, { mode: 0o755 });
    ensureAppDataDir(own);
    assert.equal(statSync(own).mode & 0o777, 0o700);
    const fresh = join(parent, 'fresh', 'userData');
    ensureAppDataDir(fresh);
    assert.equal(statSync(fresh).mode & 0o777, 0o700);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
