// localoffer's one script: GOV.UK Frontend's components and the session
// timeout warning.
//
// Load it once, at the end of <body>, as a module (no inline script anywhere;
// it runs under a strict Content Security Policy):
//
//   <script type="module" src="{% static 'localoffer.mjs' %}"></script>
//
// scripts/build-assets copies govuk-frontend.min.js beside this file.

import { initAll } from './govuk-frontend.min.js'

// GOV.UK Frontend's own page template sets these classes with an inline
// script, which our CSP forbids. A browser running this module supports ES
// modules, which is GOV.UK Frontend's test for support.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// ---------------------------------------------------------------------------
// Session timeout warning
//
// Expects, on <body>:
//   data-session-timeout-seconds  seconds of inactivity before the server
//                                 signs the user out
//   data-session-keepalive-url    POST here to stay signed in
//   data-session-signout-url      the "Sign out" link
//   data-session-expired-url      where to go when the time runs out
// and in <head>: <meta name="csrf-token" content="{{ csrf_token }}">
//
// Inactivity is counted from the last request this browser made to the
// server: this page's load, a "Stay signed in", or a page loaded in another
// tab of the same site (shared through localStorage).
// ---------------------------------------------------------------------------

const WARNING_BEFORE_MS = 2 * 60 * 1000
const ACTIVITY_KEY = 'localoffer:session-activity'
// setTimeout fires at once for delays of 2^31 ms or more.
const MAX_DELAY_MS = 2147483647

/**
 * @param {number} ms
 * @returns {string}
 */
function describeTimeLeft (ms) {
  // Rounded, so the warning, which opens at about 2 minutes, says "2 minutes".
  const minutes = Math.round(ms / 60000)
  if (ms < 60000) {
    return 'less than a minute'
  }
  return minutes === 1 ? '1 minute' : `${minutes} minutes`
}

/**
 * @param {string} tag
 * @param {Record<string, string>} [attributes]
 * @param {string} [text]
 * @returns {HTMLElement}
 */
function element (tag, attributes = {}, text = '') {
  const $el = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    $el.setAttribute(name, value)
  }
  if (text) {
    $el.textContent = text
  }
  return $el
}

function csrfToken () {
  const $meta = document.querySelector('meta[name="csrf-token"]')
  return $meta ? $meta.getAttribute('content') || '' : ''
}

/**
 * @param {HTMLElement} $body
 */
function startSessionTimeout ($body) {
  const timeoutSeconds = Number($body.dataset.sessionTimeoutSeconds)
  const keepaliveUrl = $body.dataset.sessionKeepaliveUrl
  const signoutUrl = $body.dataset.sessionSignoutUrl
  const expiredUrl = $body.dataset.sessionExpiredUrl

  if (!keepaliveUrl || !Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    return
  }

  const timeoutMs = timeoutSeconds * 1000
  let lastActivity = Date.now()
  /** @type {number | undefined} */
  let warningTimer
  /** @type {number | undefined} */
  let expiryTimer
  /** @type {Element | null} */
  let $returnFocusTo = null
  let busy = false

  // The warning, built once and kept out of the page until it is needed.
  const $dialog = element('dialog', {
    class: 'lo-timeout-dialog',
    role: 'alertdialog',
    'aria-labelledby': 'lo-timeout-heading',
    'aria-describedby': 'lo-timeout-message'
  })
  const $heading = element('h2', { id: 'lo-timeout-heading', class: 'govuk-heading-m' }, 'You will be signed out soon')
  const $message = element('div', { id: 'lo-timeout-message' })
  const $timeLeft = element('span', {}, describeTimeLeft(WARNING_BEFORE_MS))
  const $first = element('p', { class: 'govuk-body' })
  $first.append('We will sign you out in ', $timeLeft, ' because you have not done anything for a while.')
  $message.append($first, element('p', { class: 'govuk-body' }, 'Anything you have saved will be kept.'))
  // Filled in, and so announced, only if "Stay signed in" fails.
  const $error = element('p', { class: 'govuk-error-message', role: 'alert' })
  const $actions = element('div', { class: 'govuk-button-group' })
  const $stay = element('button', { type: 'button', class: 'govuk-button' }, 'Stay signed in')
  $actions.append($stay)
  if (signoutUrl) {
    $actions.append(element('a', { class: 'govuk-link', href: signoutUrl }, 'Sign out'))
  }
  $dialog.append($heading, $message, $error, $actions)
  $body.append($dialog)

  const isOpen = () => $dialog.hasAttribute('open')

  function expire () {
    clearTimeout(warningTimer)
    clearTimeout(expiryTimer)
    if (expiredUrl) {
      window.location.assign(expiredUrl)
    } else {
      window.location.reload()
    }
  }

  function openWarning () {
    if (isOpen()) {
      return
    }
    $timeLeft.textContent = describeTimeLeft(lastActivity + timeoutMs - Date.now())
    $error.textContent = ''
    $returnFocusTo = document.activeElement
    if (typeof $dialog.showModal === 'function') {
      $dialog.showModal()
    } else {
      $dialog.classList.add('lo-timeout-dialog--fallback')
      $dialog.setAttribute('open', '')
    }
    $stay.focus()
  }

  function closeWarning () {
    if (!isOpen()) {
      return
    }
    if (typeof $dialog.close === 'function') {
      $dialog.close() // the 'close' listener returns focus
    } else {
      $dialog.removeAttribute('open')
      returnFocus()
    }
  }

  function returnFocus () {
    const $target = $returnFocusTo
    $returnFocusTo = null
    if ($target instanceof HTMLElement && $target !== document.body && $target.isConnected) {
      $target.focus()
    }
  }

  // Work out from the clock, not from timers alone: browsers delay timers in
  // background tabs and while a computer sleeps, and may fire them a little
  // early.
  function check () {
    const left = lastActivity + timeoutMs - Date.now()
    if (left <= 0) {
      expire()
      return
    }
    if (left <= WARNING_BEFORE_MS + 1000) {
      openWarning()
    }
    schedule()
  }

  function schedule () {
    clearTimeout(warningTimer)
    clearTimeout(expiryTimer)
    const left = lastActivity + timeoutMs - Date.now()
    if (left > WARNING_BEFORE_MS && !isOpen()) {
      warningTimer = window.setTimeout(check, Math.min(left - WARNING_BEFORE_MS, MAX_DELAY_MS))
    }
    expiryTimer = window.setTimeout(check, Math.min(Math.max(0, left), MAX_DELAY_MS))
  }

  /**
   * @param {number} time
   * @param {boolean} share - tell this site's other tabs
   */
  function recordActivity (time, share) {
    if (time <= lastActivity && !share) {
      return
    }
    lastActivity = Math.max(lastActivity, time)
    if (share) {
      try {
        window.localStorage.setItem(ACTIVITY_KEY, String(lastActivity))
      } catch (error) {
        // Storage can be blocked; each tab then keeps its own time.
      }
    }
    closeWarning()
    check()
  }

  async function staySignedIn () {
    if (busy) {
      return
    }
    busy = true
    $error.textContent = ''
    try {
      const response = await fetch(keepaliveUrl, {
        method: 'POST',
        headers: { 'X-CSRFToken': csrfToken() },
        credentials: 'same-origin'
      })
      if (response.ok && !response.redirected) {
        recordActivity(Date.now(), true)
      } else if (response.status === 401 || response.redirected) {
        // Already signed out (a redirect means the login page answered).
        expire()
      } else {
        throw new Error(`keepalive answered ${response.status}`)
      }
    } catch (error) {
      $error.textContent = 'Sorry, there is a problem. We could not keep you signed in. Try again.'
    } finally {
      busy = false
    }
  }

  $stay.addEventListener('click', () => { staySignedIn() })

  // Escape means "I'm still here", as in GOV.UK services' timeout warnings,
  // rather than dismissing the warning and being signed out anyway.
  $dialog.addEventListener('cancel', (event) => {
    event.preventDefault()
    staySignedIn()
  })
  $dialog.addEventListener('close', returnFocus)

  window.addEventListener('storage', (event) => {
    if (event.key === ACTIVITY_KEY && event.newValue) {
      const time = Number(event.newValue)
      if (Number.isFinite(time)) {
        recordActivity(time, false)
      }
    }
  })
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      check()
    }
  })

  // Loading this page was a request to the server.
  recordActivity(Date.now(), true)
}

startSessionTimeout(document.body)

// ---------------------------------------------------------------------------
// Drafts kept as people type
//
// A form with data-autosave="<url>" data-draft-key="..." data-draft-title="..."
// sends what is in it to <url> a moment after each change, so what was typed
// is kept on the server even if the session times out before it is sent.
// Without JavaScript the form is still saved on each step and submit.
// ---------------------------------------------------------------------------

const AUTOSAVE_DELAY_MS = 1500

/**
 * @param {HTMLFormElement} $form
 */
function startAutosave ($form) {
  const url = $form.dataset.autosave
  if (!url) {
    return
  }
  const $status = element('p', { class: 'govuk-body-s lo-autosave-status', role: 'status' })
  $form.append($status)
  /** @type {number | undefined} */
  let timer

  async function save () {
    const body = new FormData($form)
    body.set('draft_key', $form.dataset.draftKey || '')
    body.set('draft_title', $form.dataset.draftTitle || document.title)
    body.set('draft_url', window.location.pathname)
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { 'X-CSRFToken': csrfToken() }
      })
      if (response.ok) {
        const result = await response.json()
        $status.textContent = `Draft saved at ${result.at}`
      }
    } catch {
      $status.textContent = 'Your draft could not be saved just now: it will be saved when you continue'
    }
  }

  $form.addEventListener('input', () => {
    clearTimeout(timer)
    timer = window.setTimeout(save, AUTOSAVE_DELAY_MS)
  })
}

document.querySelectorAll('form[data-autosave]').forEach(($form) => {
  if ($form instanceof HTMLFormElement) {
    startAutosave($form)
  }
})
