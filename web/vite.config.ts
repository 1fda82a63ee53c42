import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// In development the app is served by Vite and everything the browser asks of /api, /media and
// /ws is proxied to a running backend, so the browser still sees one origin (cookies, Origin
// checks and WebSockets behave as in production, where `parley serve` serves web/dist itself).
// The Host header is kept (changeOrigin: false) so the backend sees Origin and Host agree.
const backend = process.env.PARLEY_DEV_BACKEND ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  server: {
    host: "127.0.0.1",
    proxy: {
      "/api": { target: backend },
      "/media": { target: backend },
      "/ws": { target: backend, ws: true },
    },
  },
  build: {
    outDir: "dist",
    sourcemap: false,
    // Libraries change far less often than the app: separate chunks stay cached across releases.
    rollupOptions: {
      output: {
        manualChunks: {
          react: ["react", "react-dom", "react-router-dom"],
          mui: ["@mui/material", "@emotion/react", "@emotion/styled"],
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
});
