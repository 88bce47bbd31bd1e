// A stand-in for the `electron-updater` module, for running the built dist/main/main.js under
// plain Node (tests/packaging.test.ts), where the real one needs Electron and a release feed.
// It records what the app asks of it in globalThis.__omnirouteUpdaterStandIn, which the
// electron stand-in can put into its report:
//   { checks, settings: { autoDownload, autoInstallOnAppQuit, customLogger }, listeners }
// With STAND_IN_UPDATE_VERSION set, a check finds that version and emits 'update-downloaded'
// for it shortly after; with STAND_IN_UPDATE_ERROR set, a check fails with that message the
// way an offline one does (an 'error' event, then the rejection).
'use strict';
const { EventEmitter } = require('node:events');

const record = { checks: 0, settings: null, listeners: [], installs: 0 };
globalThis.__omnirouteUpdaterStandIn = record;

class StandInUpdater extends EventEmitter {
  constructor() {
    super();
    // The real updater's defaults: download found updates, install them on quit, log to the console.
    this.autoDownload = true;
    this.autoInstallOnAppQuit = true;
    this.logger = console;
  }

  quitAndInstall() {
    record.installs += 1;
  }

  checkForUpdates() {
    record.checks += 1;
    record.settings = {
      autoDownload: this.autoDownload,
      autoInstallOnAppQuit: this.autoInstallOnAppQuit,
      customLogger: this.logger !== console && this.logger != null,
    };
    record.listeners = this.eventNames().map(String);
    this.logger?.info?.('Checking for update');

    const failure = process.env.STAND_IN_UPDATE_ERROR;
    if (failure) {
      const err = Object.assign(new Error(failure), { code: 'ENOTFOUND' });
      this.emit('error', err, `Cannot check for updates: ${err.stack}`);
      return Promise.reject(err);
    }

    const version = process.env.STAND_IN_UPDATE_VERSION;
    if (!version) {
      return Promise.resolve({ isUpdateAvailable: false, updateInfo: updateInfo('0.0.0-stand-in'), versionInfo: updateInfo('0.0.0-stand-in') });
    }
    const downloaded = { ...updateInfo(version), downloadedFile: `/stand-in/omniroute-desktop-${version}` };
    const downloadPromise = new Promise((resolve) =>
      setTimeout(() => {
        if (this.autoDownload) this.emit('update-downloaded', downloaded);
        resolve([downloaded.downloadedFile]);
      }, 50),
    );
    return Promise.resolve({ isUpdateAvailable: true, updateInfo: updateInfo(version), versionInfo: updateInfo(version), downloadPromise });
  }
}

function updateInfo(version) {
  return { version, files: [], path: '', sha512: '', releaseDate: new Date(0).toISOString() };
}

let autoUpdater = null;
// Exported through a getter like the real module, so that, as there, an ES module import
// finds autoUpdater only on the default export and never as a named one.
Object.defineProperty(exports, 'autoUpdater', {
  enumerable: true,
  get: () => {
    return autoUpdater || (autoUpdater = new StandInUpdater());
  },
});
