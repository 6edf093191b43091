import { defineConfig } from 'vite';

// The SDK's wasm is referenced with `new URL('…_bg.wasm', import.meta.url)`: Vite copies it
// into the build's assets by itself. Nothing else to configure.
export default defineConfig({ build: { outDir: 'dist', emptyOutDir: true } });
