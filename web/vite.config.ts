import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// `npm run dev` proxies the APIs to a running `eventonight up` (default port 3000).
const api = process.env.EVENTONIGHT_URL ?? 'http://127.0.0.1:3000'
const contexts = ['users', 'events', 'interactions', 'chat', 'ticketing', 'notifications', 'media']

export default defineConfig({
  plugins: [vue()],
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
