/**
 * electron-updater behind UpdaterPort. It reads the feed from the app-update.yml that
 * electron-builder writes into the packaged app (publish: github), downloads a newer
 * version by itself and installs it when the app quits. Imported only when the first check
 * runs (main/update-scheduler.ts), so with checks off nothing of it loads.
 */
import type { Logger, UpdateCheckResult } from 'electron-updater';
import type { FeedAnswer, UpdaterPort } from './update-scheduler.js';

export async function loadElectronUpdater(log: (message: string) => void): Promise<UpdaterPort> {
  // electron-updater is CommonJS and defines autoUpdater with a getter that Node's ES module
  // interop cannot see as a named export; it is only on the default export (module.exports).
  // Reading it creates the updater for this platform.
  const { autoUpdater } = (await import('electron-updater')).default;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.logger = updaterLogger(log);
  return {
    async check() {
      const result = await autoUpdater.checkForUpdates();
      // A failed download is also emitted as 'error', which onError reports; without this
      // catch its rejected promise would be an unhandled rejection.
      result?.downloadPromise?.catch(() => {});
      return feedAnswer(result);
    },
    onDownloaded(listener) {
      autoUpdater.on('update-downloaded', (event) => listener(event.version));
    },
    onError(listener) {
      autoUpdater.on('error', (err) => listener(err));
    },
    install() {
      // Not silent on Windows (the installer shows its progress); start the app again afterwards.
      autoUpdater.quitAndInstall(false, true);
    },
  };
}

function feedAnswer(result: UpdateCheckResult | null): FeedAnswer {
  // checkForUpdates answers null, asking no one, when this copy cannot update itself.
  if (!result) return { kind: 'unsupported' };
  return result.isUpdateAvailable ? { kind: 'available', version: result.updateInfo.version } : { kind: 'up-to-date' };
}

/**
 * Its progress lines, first line only (some carry a stack), into the app's log instead of
 * the console. Its 'Error: <stack>' lines are dropped: every such error is also emitted as
 * 'error', which the scheduler logs as one short line, once.
 */
function updaterLogger(log: (message: string) => void): Logger {
  const write = (message: unknown) => log(`Updater: ${String(message).split('\n', 1)[0] ?? ''}`);
  return {
    info: write,
    warn: write,
    error: (message: unknown) => {
      if (!String(message).startsWith('Error: ')) write(message);
    },
  };
}
