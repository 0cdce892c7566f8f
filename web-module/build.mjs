// The web client's build, run by Maven (web-module/pom.xml) after npm ci and tsc:
//   node build.mjs app <dir>     bundles the app into <dir> (Maven: target/web-dist):
//                                assets/<name>-<hash>.js|.css|.map  content-hashed, served as immutable
//                                index.html  from src/main/web/index.html, naming the hashed assets; never cached
//   node build.mjs tests <dir>   bundles each src/test/ts/*.test.ts for node --test into <dir>
import * as esbuild from 'esbuild';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const [what, out] = process.argv.slice(2);
if (!out || (what !== 'app' && what !== 'tests')) {
  console.error('usage: node build.mjs app|tests <output directory>');
  process.exit(2);
}
await rm(out, { recursive: true, force: true });
await (what === 'app' ? bundleApp(out) : bundleTests(out));

async function bundleApp(out) {
  const entries = { script: 'src/main/ts/main.ts', style: 'src/main/web/app.css' };
  const result = await esbuild.build({
    entryPoints: [entries.script, entries.style],
    outdir: path.join(out, 'assets'),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome111', 'firefox115', 'safari16'],
    platform: 'browser',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });

  // The output path, relative to the output directory, that was built from an entry point.
  const outputOf = (entryPoint) => {
    for (const [file, output] of Object.entries(result.metafile.outputs)) {
      if (output.entryPoint === entryPoint) {
        return path.relative(out, file).split(path.sep).join('/');
      }
    }
    throw new Error(`esbuild produced nothing for ${entryPoint}`);
  };

  const template = await readFile('src/main/web/index.html', 'utf8');
  if (template.split('%SCRIPT%').length !== 2 || template.split('%STYLE%').length !== 2) {
    throw new Error('src/main/web/index.html must contain %SCRIPT% and %STYLE% once each');
  }
  const html = template.replace('%SCRIPT%', outputOf(entries.script)).replace('%STYLE%', outputOf(entries.style));
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'index.html'), html);
  console.log(`web client bundled into ${out}: ${outputOf(entries.script)}, ${outputOf(entries.style)}`);
}

async function bundleTests(out) {
  const tests = (await readdir('src/test/ts')).filter((name) => name.endsWith('.test.ts'));
  await esbuild.build({
    entryPoints: tests.map((name) => path.join('src/test/ts', name)),
    outdir: out,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}
