/**
 * Vite config for the SolidJS client. Root is web/, the build lands in dist/web (served by the
 * Bun server). In dev, the API (tRPC and uploads), websocket, dev outbox and media are proxied
 * to the server on :3001 with the Host header kept (no changeOrigin): the server accepts
 * same-origin requests by comparing the Origin host with Host.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

const root = fileURLToPath(new URL(".", import.meta.url));
const api = "http://127.0.0.1:3001";

export default defineConfig({
  root,
  plugins: [solid()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    assetsDir: "assets",
    target: "es2022",
  },
  server: {
    port: 3000,
    strictPort: true,
    proxy: {
      "/trpc": { target: api },
      "/api": { target: api },
      "/dev": { target: api },
      "/healthz": { target: api },
      "/media": { target: api },
      "/ws": { target: "ws://127.0.0.1:3001", ws: true },
    },
  },
  preview: { port: 3000, strictPort: true },
});
