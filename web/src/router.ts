// Every page lives under a locale prefix (/en/..., /it/...), which also keeps page paths apart from the APIs'
// base paths (/events/..., /users/...) on the one origin. Pages are loaded on demand.
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { isLocale, preferredLocale, setLocale } from './i18n'
import { session } from './session'

type Guard = 'guest' | 'auth' | 'organization'
declare module 'vue-router' {
  interface RouteMeta { guard?: Guard }
}

const page = (name: string) => () => import(`./pages/${name}.vue`)

export const router = createRouter({
  history: createWebHistory(),
  scrollBehavior: (to, _from, saved) => saved ?? (to.hash ? undefined : { top: 0 }),
  routes: [
    { path: '/', redirect: () => `/${preferredLocale()}` },
    {
      path: '/:locale',
      children: [
        { path: '', name: 'home', component: page('HomePage') },
        { path: 'login', name: 'login', component: page('LoginPage'), meta: { guard: 'guest' } },
        { path: 'register', name: 'register', component: page('RegisterPage'), meta: { guard: 'guest' } },
        { path: 'forgot-password', name: 'forgot-password', component: page('ForgotPasswordPage'), meta: { guard: 'guest' } },
        { path: 'reset-password', name: 'reset-password', component: page('ResetPasswordPage') },
        { path: 'verify-email', name: 'verify-email', component: page('VerifyEmailPage'), meta: { guard: 'auth' } },
        { path: 'about', name: 'about', component: page('StaticPage'), props: { kind: 'about' } },
        { path: 'privacy', name: 'privacy', component: page('StaticPage'), props: { kind: 'privacy' } },
        { path: 'terms', name: 'terms', component: page('StaticPage'), props: { kind: 'terms' } },
        { path: 'explore', name: 'explore', component: page('ExplorePage') },
        { path: 'events/:id', name: 'event', component: page('EventPage'), props: true },
        {
          path: 'events/:id/purchase', name: 'purchase', component: page('PurchasePage'), props: true,
          meta: { guard: 'auth' },
        },
        {
          path: 'organization/:organizationId/reviews', name: 'organization-reviews',
          component: page('OrganizationReviewsPage'), props: true,
        },
        { path: 'users/:id', name: 'user', component: page('ProfilePage'), props: true },
        { path: 'settings', name: 'settings', component: page('SettingsPage'), meta: { guard: 'auth' } },
        { path: 'profile/edit', name: 'profile-edit', component: page('ProfileEditPage'), meta: { guard: 'auth' } },
        {
          path: 'create-event', name: 'create-event', component: page('EventFormPage'),
          meta: { guard: 'organization' },
        },
        {
          path: 'edit-event/:id', name: 'edit-event', component: page('EventFormPage'), props: true,
          meta: { guard: 'organization' },
        },
        { path: 'chat', name: 'chat', component: page('ChatPage'), meta: { guard: 'auth' } },
        { path: 'my-events', name: 'my-events', component: page('MyEventsPage'), meta: { guard: 'auth' } },
        { path: 'notifications', name: 'notifications', component: page('NotificationsPage'), meta: { guard: 'auth' } },
        { path: 'unsubscribe', name: 'unsubscribe', component: page('UnsubscribePage') },
        { path: 'verify/:ticketId', name: 'verify', component: page('VerifyPage'), props: true, meta: { guard: 'auth' } },
        {
          path: 'events/:id/dashboard', name: 'event-dashboard', component: page('EventDashboardPage'), props: true,
          meta: { guard: 'organization' },
        },
        { path: 'door', name: 'doors', component: page('DoorPage'), meta: { guard: 'auth' } },
        { path: 'door/:eventId', name: 'door', component: page('DoorPage'), props: true, meta: { guard: 'auth' } },
        { path: 'checkout/left', name: 'checkout-left', component: page('CheckoutLeftPage') },
        { path: 'forbidden', name: 'forbidden', component: page('StaticPage'), props: { kind: 'forbidden' } },
        { path: 'server-error', name: 'server-error', component: page('StaticPage'), props: { kind: 'serverError' } },
        { path: ':rest(.*)*', name: 'not-found', component: page('StaticPage'), props: { kind: 'notFound' } },
      ],
    },
  ],
})

function guard(to: RouteLocationNormalized, locale: string) {
  const user = session.user
  switch (to.meta.guard) {
    case 'guest':
      return user ? { path: `/${locale}` } : true
    case 'auth':
      return user ? true : { name: 'login', params: { locale }, query: { redirect: to.fullPath } }
    case 'organization':
      if (!user) return { name: 'login', params: { locale }, query: { redirect: to.fullPath } }
      return user.role === 'organization' ? true : { name: 'forbidden', params: { locale } }
    default:
      return true
  }
}

router.beforeEach(async (to) => {
  const locale = to.params.locale
  if (locale === undefined) return true
  if (!isLocale(locale)) {
    // An unsupported locale prefix becomes English (/xx/explore -> /en/explore); a path without one gets it.
    const parts = to.fullPath.split('/')
    return /^[a-z]{2}$/i.test(String(locale)) ? `/en/${parts.slice(2).join('/')}` : `/en${to.fullPath}`
  }
  await setLocale(locale)
  return guard(to, locale)
})
