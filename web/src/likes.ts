// The events the logged-in user likes, loaded once per login (one page of 100: enough for the cards' hearts;
// the event page asks the API for its own event). A read answers what was true when it was sent: the user's own
// like or unlike made meanwhile in this tab is newer, and the read must not undo it (`readBack`).
import { reactive, watch } from 'vue'
import { del, get, post, type Page } from './api/http'
import { session } from './session'

export const liked = reactive(new Set<string>())
let changes = 0  // a like or unlike this tab sent or saw answered
const changedAt = new Map<string, number>()  // event id -> the number of its latest change, sent or answered
const pending = new Map<string, number>()  // event id -> its likes and unlikes still on their way

/** Take before sending a read of liked state, and hand to `readBack` with its answer. */
export function mark(): number {
  return changes
}

/** What a read sent at `asked` answered, unless a like or unlike of that event was on its way or answered since
 * (then the read may predate it). */
export function readBack(eventId: string, hasLiked: boolean, asked: number): void {
  if ((changedAt.get(eventId) ?? 0) > asked || (pending.get(eventId) ?? 0) > 0) return
  if (hasLiked) liked.add(eventId)
  else liked.delete(eventId)
}

watch(() => session.user?.id, async (id) => {
  liked.clear()
  changedAt.clear()
  pending.clear()
  if (!id) return
  const asked = mark()
  const page = await get<Page<{ eventId: string }>>(`/interactions/users/${id}/likes`, { limit: 100 }).catch(() => null)
  if (session.user?.id !== id) return
  page?.items.forEach((i) => readBack(i.eventId, true, asked))
}, { immediate: true })

export async function setLiked(eventId: string, like: boolean): Promise<void> {
  const me = session.user!.id
  changedAt.set(eventId, ++changes)
  pending.set(eventId, (pending.get(eventId) ?? 0) + 1)
  try {
    if (like) {
      await post(`/interactions/events/${eventId}/likes`, {})
      liked.add(eventId)
    } else {
      await del(`/interactions/events/${eventId}/likes/${me}`)
      liked.delete(eventId)
    }
  } finally {
    pending.set(eventId, (pending.get(eventId) ?? 1) - 1)
    changedAt.set(eventId, ++changes)  // a read sent before this answer may not include it
  }
}
