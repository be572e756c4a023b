// Dark mode: on, off or auto (the system's), kept in localStorage; a logged-in user's choice is also saved to
// the account (settings page), and login applies the account's.
import { ref, watchEffect } from 'vue'

export type ThemeMode = 'on' | 'off' | 'auto'
const KEY = 'darkMode'
const media = window.matchMedia('(prefers-color-scheme: dark)')
const systemDark = ref(media.matches)
media.addEventListener('change', (e) => (systemDark.value = e.matches))

function initial(): ThemeMode {
  const v = localStorage.getItem(KEY)
  return v === 'on' || v === 'off' ? v : 'auto'
}

export const themeMode = ref<ThemeMode>(initial())

watchEffect(() => {
  localStorage.setItem(KEY, themeMode.value)
  const dark = themeMode.value === 'on' || (themeMode.value === 'auto' && systemDark.value)
  document.documentElement.dataset.theme = dark ? 'dark' : 'light'
})

export function isDark(): boolean {
  return document.documentElement.dataset.theme === 'dark'
}
