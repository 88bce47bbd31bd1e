// `node --import ./main/testing/register-electron-stand-in.mjs dist/main/main.js` resolves
// every ESM import of 'electron' (the app's and electron-store's) and of 'electron-updater'
// to the stand-ins.
import { register } from 'node:module';

const standIns = {
  electron: new URL('./electron-stand-in.cjs', import.meta.url).href,
  'electron-updater': new URL('./electron-updater-stand-in.cjs', import.meta.url).href,
};
const hooks = `const standIns = ${JSON.stringify(standIns)};
export async function resolve(specifier, context, next) {
  if (Object.hasOwn(standIns, specifier)) return { url: standIns[specifier], shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
