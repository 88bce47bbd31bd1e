/**
 * The layering rules of DESIGN.md, checked on the import statements of every source file:
 * core/ is a plain Node library (no Electron, no desktop or dashboard code); the renderer
 * reaches core only through types; nothing a test loads may load Electron at run time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');

interface ImportRef {
  specifier: string;
  /** Erased at compile time: `import type`, or every named binding marked `type`. */
  typeOnly: boolean;
  line: number;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function importsOf(file: string): ImportRef[] {
  return importsOfText(file, readFileSync(join(root, file), 'utf8'));
}

function importsOfText(file: string, text: string): ImportRef[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const refs: ImportRef[] = [];
  const add = (spec: ts.Expression, typeOnly: boolean, node: ts.Node) => {
    if (ts.isStringLiteralLike(spec)) {
      refs.push({ specifier: spec.text, typeOnly, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allNamedTypeOnly =
        !!clause && !clause.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, !!clause && (clause.isTypeOnly || allNamedTypeOnly), node);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const named = node.exportClause;
      const allNamedTypeOnly = !!named && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, node.isTypeOnly || allNamedTypeOnly, node);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly, node);
    } else if (ts.isCallExpression(node) && node.arguments[0]) {
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isDynamicImport || isRequire) add(node.arguments[0], false, node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return refs;
}

const isElectron = (spec: string) => spec === 'electron' || spec.startsWith('electron/');

/** The repository-relative file a relative specifier names (its top folder is what counts). */
function target(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return relative(root, resolve(root, dirname(file), spec)).split(sep).join('/');
}

const under = (path: string | null, folder: string) => path !== null && (path === folder || path.startsWith(`${folder}/`));

test('the scanner sees value, type-only, dynamic and re-export imports', () => {
  const refs = importsOfText(
    'fixture.ts',
    [
      "import type { A } from 'a';",
      "import { type B } from 'b';",
      "import { C, type D } from 'c';",
      "import 'd';",
      "export * from 'e';",
      "export type { F } from 'f';",
      "const g = await import('g');",
      "const h = require('h');",
      "import i = require('i');",
      "let j: typeof import('j');",
    ].join('\n'),
  );
  assert.deepEqual(
    refs.map((r) => `${r.specifier}:${r.typeOnly ? 'type' : 'value'}`),
    ['a:type', 'b:type', 'c:value', 'd:value', 'e:value', 'f:type', 'g:value', 'h:value', 'i:value', 'j:type'],
  );
});

test('core/ never imports electron, main/, preload/ or renderer/', () => {
  const problems: string[] = [];
  const files = sourceFiles('core');
  assert.ok(files.length > 10, 'core/ was scanned');
  for (const file of files) {
    for (const ref of importsOf(file)) {
      const to = target(file, ref.specifier);
      if (isElectron(ref.specifier) || ['main', 'preload', 'renderer'].some((f) => under(to, f))) {
        problems.push(`${file}:${ref.line} imports '${ref.specifier}'`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('renderer/ imports core/ and preload/ for types only, and never electron or node:', () => {
  const problems: string[] = [];
  const files = sourceFiles('renderer');
  assert.ok(files.some((f) => f.endsWith('api.ts')), 'renderer/ was scanned');
  for (const file of files) {
    const isTest = /\.test\.tsx?$/.test(file);
    for (const ref of importsOf(file)) {
      const to = target(file, ref.specifier);
      if (isElectron(ref.specifier)) problems.push(`${file}:${ref.line} imports electron`);
      if (!isTest && ref.specifier.startsWith('node:')) problems.push(`${file}:${ref.line} imports ${ref.specifier}`);
      if (!ref.typeOnly && (under(to, 'core') || under(to, 'preload') || under(to, 'main'))) {
        problems.push(`${file}:${ref.line} has a run-time import of '${ref.specifier}'`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('nothing a test loads imports electron at run time', () => {
  const tests = ['core', 'main', 'preload', 'renderer', 'tests', 'scripts'].flatMap((d) => {
    try {
      return sourceFiles(d).filter((f) => /\.test\.tsx?$/.test(f));
    } catch {
      return [];
    }
  });
  const seen = new Set<string>();
  const problems: string[] = [];
  const resolveFile = (from: string, spec: string): string | null => {
    const to = target(from, spec);
    if (!to) return null;
    for (const candidate of [to, to.replace(/\.js$/, '.ts'), to.replace(/\.js$/, '.tsx'), `${to}.ts`, `${to}/index.ts`]) {
      try {
        if (statSync(join(root, candidate)).isFile()) return candidate;
      } catch {
        // try the next spelling
      }
    }
    return null;
  };
  const walk = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const ref of importsOf(file)) {
      if (ref.typeOnly) continue;
      if (isElectron(ref.specifier)) problems.push([...chain, file].join(' -> ') + ` imports '${ref.specifier}'`);
      const next = resolveFile(file, ref.specifier);
      if (next && /\.(ts|tsx)$/.test(next)) walk(next, [...chain, file]);
    }
  };
  for (const file of tests) walk(file, []);
  assert.ok(seen.has('main/ipc.ts') && seen.has('main/tray-model.ts'), 'the main/ modules under test were followed');
  assert.deepEqual(problems, []);
});
