// `npm run record:cli-fixtures`: runs the CLI matrix and saves what each coding CLI sent
// under tests/fixtures/cli-requests/. Run it after changing a version in
// tests/clients/package.json (the fixture tests fail until the fixtures match it).
import { spawnSync } from 'node:child_process';

const r = spawnSync('node', ['scripts/run-tests.mjs', 'tests/cli/cli-matrix'], {
  stdio: 'inherit',
  env: { ...process.env, OMNIROUTE_RECORD_FIXTURES: '1' },
});
process.exit(r.status ?? 1);
