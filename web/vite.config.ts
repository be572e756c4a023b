import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

// `npm run dev` proxies the APIs to a running `eventonight up` (default port 3000).
const api = process.env.EVENTONIGHT_URL ?? 'http://127.0.0.1:3000'
const contexts = ['users', 'events', 'interactions', 'chat', 'ticketing', 'notifications', 'media']

// The built SPA's Content-Security-Policy as a <meta>, for hosts that set no headers (the S3 website). Only our own
// scripts and styles run; connections and images also go to https (APIs, WebSocket, S3 uploads, media) and to a
// local `eventonight up` (moto's uploads on another port). `eventonight up` sends a stricter policy as a header
// (both apply), with frame-ancestors, which a <meta> cannot carry. Not in `npm run dev`: Vite injects its styles.
const local = 'http://127.0.0.1:* http://localhost:*'
const policy = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", `img-src 'self' data: blob: https: ${local}`,
  `connect-src 'self' https: wss: ws: ${local}`, "object-src 'none'", "base-uri 'self'", "form-action 'self'",
].join('; ')

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' },
    ],
  }
}

export default defineConfig({
  plugins: [vue(), contentSecurityPolicy()],
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  server: {
    proxy: Object.fromEntries([...contexts.map((c) => [`/${c}/`, api]), ['/config.json', api]]),
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 300 },
})
