// `node --import ./main/testing/register-electron-stand-in.mjs dist/main/main.js` resolves
// every ESM import of 'electron' (the app's and electron-store's) to the stand-in.
import { register } from 'node:module';

const standIn = new URL('./electron-stand-in.cjs', import.meta.url).href;
const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(standIn)}, shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
