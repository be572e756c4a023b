import { createI18n } from 'vue-i18n'
import en from './en'

export const LOCALES = ['en', 'it', 'de', 'es', 'fr'] as const
export type Locale = (typeof LOCALES)[number]
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English', it: 'Italiano', de: 'Deutsch', es: 'Español', fr: 'Français',
}
const KEY = 'user-locale'

export const i18n = createI18n({
  legacy: false, locale: 'en' as string, fallbackLocale: 'en', messages: { en } as Record<string, typeof en>,
})

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/** The saved locale, else the browser's if supported, else English. */
export function preferredLocale(): Locale {
  const saved = localStorage.getItem(KEY)
  if (isLocale(saved)) return saved
  const browser = navigator.language.slice(0, 2)
  return isLocale(browser) ? browser : 'en'
}

const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: typeof en }>> = {
  it: () => import('./it'), de: () => import('./de'), es: () => import('./es'), fr: () => import('./fr'),
}

/** Loads a locale's messages (English is bundled, the others are fetched once) and switches to it. */
export async function setLocale(locale: Locale): Promise<void> {
  if (locale !== 'en' && !i18n.global.availableLocales.includes(locale)) {
    i18n.global.setLocaleMessage(locale, (await loaders[locale]()).default)
  }
  i18n.global.locale.value = locale
  localStorage.setItem(KEY, locale)
  document.documentElement.lang = locale
}
