import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./renderer'),
  // Relative asset URLs, so the same build loads over http:// from `serve` and from file://
  // inside the Electron window.
  base: './',
  plugins: [tailwindcss(), solid()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      output: {
        // One chunk per library family: each stays small enough that a stray heavy import
        // (zod, gateway code) stands out in tests/dashboard.test.ts's size check.
        manualChunks(id) {
          const page = /renderer\/src\/pages\/([a-z]+)/.exec(id);
          if (page) return `page-${page[1]}`;
          const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id);
          if (!m) return undefined;
          const pkg = m[1] ?? '';
          if (pkg === '@kobalte/core') return 'kobalte';
          if (pkg.startsWith('@kobalte/') || pkg.startsWith('@internationalized/') || pkg.startsWith('@floating-ui/') || pkg.startsWith('@corvu/') || pkg.startsWith('solid-presence') || pkg.startsWith('solid-prevent-scroll') || pkg.startsWith('@solid-primitives/')) return 'ui-support';
          if (pkg === 'lucide-solid') return 'icons';
          if (pkg === '@thisbeyond/solid-dnd') return 'dnd';
          if (pkg === '@solidjs/router') return 'router';
          // Only the pages that draw charts or long tables load these.
          if (pkg === 'uplot') return 'charts';
          if (pkg.startsWith('@tanstack/')) return 'virtual';
          return 'vendor';
        },
      },
    },
  },
});
