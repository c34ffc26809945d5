// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// A Vite plugin that writes precompressed copies (.gz and .br) of the text
// files of the build, so that the Go server can send them without
// compressing on every request. It uses only Node's zlib.
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin, ResolvedConfig } from "vite";

/** Extensions worth compressing: text formats. Images and fonts are already compressed. */
const textExtensions = /\.(?:html|js|mjs|css|svg|json|txt|xml|map|webmanifest|ico|wasm)$/;

/** Files smaller than this are sent as they are: compression would not pay for the header. */
const minSize = 512;

/** Compress one buffer with the strongest settings; a build is rare, requests are not. */
export function compress(data: Buffer): { gz: Buffer; br: Buffer } {
  return {
    gz: gzipSync(data, { level: 9 }),
    br: brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    }),
  };
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** Writes name.gz and name.br beside each text file of the output directory, when smaller. */
export async function precompressDir(dir: string): Promise<number> {
  let written = 0;
  for await (const path of walk(dir)) {
    if (!textExtensions.test(path)) continue;
    if ((await stat(path)).size < minSize) continue;
    const data = await readFile(path);
    const { gz, br } = compress(data);
    if (gz.length < data.length) {
      await writeFile(`${path}.gz`, gz);
      written++;
    }
    if (br.length < data.length) {
      await writeFile(`${path}.br`, br);
      written++;
    }
  }
  return written;
}

/** precompress returns the Vite plugin; it runs once the bundle is on disk. */
export function precompress(): Plugin {
  let config: ResolvedConfig;
  return {
    name: "ensemble:precompress",
    apply: "build",
    configResolved(resolved) {
      config = resolved;
    },
    async closeBundle() {
      const outDir = join(config.root, config.build.outDir);
      const n = await precompressDir(outDir);
      config.logger.info(`precompressed ${n} files (.gz, .br) in ${config.build.outDir}`);
    },
  };
}
