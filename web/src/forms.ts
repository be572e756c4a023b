import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from './api/http'

/** A form's submission: `busy` while it runs; a refusal's field problems in `errors` (by field) and its text in
 * `error`. `throttled`: the i18n key said for a 429 (the account routes' rate limits) instead of the problem's title. */
export function useFormSubmission(throttled?: string) {
  const { t } = useI18n()
  const errors = ref<Record<string, string>>({})
  const error = ref('')
  const busy = ref(false)

  /** Refused before asking the API (e.g. passwords that differ). */
  function refuse(fields: Record<string, string>) {
    errors.value = fields
    error.value = ''
  }

  /** Runs `action` with the errors cleared; a failure fills them. */
  async function run(action: () => Promise<unknown>) {
    refuse({})
    busy.value = true
    try {
      await action()
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) {
        errors.value = Object.fromEntries(e.errors.map((f) => [f.field, f.message]))
      }
      error.value = throttled && e instanceof ApiError && e.status === 429 ? t(throttled)
        : e instanceof Error ? e.message : t('common.error')
    } finally {
      busy.value = false
    }
  }

  return { errors, error, busy, refuse, run }
}

/** A panel's actions (buttons that change something, then show it again): each runs while `busy`, then
 * `reload()`; a failure's text in `error` (with `fields`, each field problem of it too). */
export function usePanelActions(reload: () => Promise<unknown>, fields = false) {
  const { t } = useI18n()
  const error = ref('')
  const busy = ref(false)

  async function act(step: () => Promise<unknown>) {
    busy.value = true
    error.value = ''
    try {
      await step()
      await reload()
    } catch (e) {
      error.value = !(e instanceof ApiError) ? t('common.error')
        : fields ? [e.message, ...e.errors.map((f) => `${f.field}: ${f.message}`)].join(' · ') : e.message
    } finally {
      busy.value = false
    }
  }

  return { error, busy, act }
}
