// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import { precompress } from "./build/compress.ts";

// The Go server embeds dist/ and serves dist/assets/* as immutable, so every
// file there must carry a content hash in its name.
export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    outDir: "dist",
    assetsDir: "assets",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    // dist/.vite/manifest.json: the Go server reads which files a page needs, to announce them early (internal/assets).
    manifest: true,
    // Keep every asset a file: inlined data: URLs would hide them from the
    // cache headers, and scripts must come from 'self' under our CSP.
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        entryFileNames: "assets/[name]-[hash].js",
        chunkFileNames: "assets/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
  server: {
    // During `npm run dev`, forward the API to a local `ensemble serve`.
    proxy: { "/api": { target: process.env.ENSEMBLE_URL ?? "http://127.0.0.1:8080", changeOrigin: false } },
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}", "build/**/*.test.ts"],
    restoreMocks: true,
  },
});
