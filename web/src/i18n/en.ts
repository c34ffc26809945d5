// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// English is the reference dictionary: its keys define MessageKey, and the
// French and German dictionaries must have exactly the same keys (the type
// checker fails on a missing or extra key). Placeholders are written {name}.
export const en = {
  "app.name": "Ensemble",
  "app.tagline": "Sovereign workspace",

  "skip.main": "Skip to main content",

  "nav.label": "Main",
  "nav.home": "Home",

  "switcher.button": "Apps",
  "switcher.title": "Apps",
  "switcher.empty": "Modules appear here as your administrator enables them.",

  "user.button": "Account",
  "user.notSignedIn": "Not signed in",
  "user.notSignedInHelp": "Sign-in is not available on this server yet. Once single sign-on is set up, your name and your settings appear here.",

  "lang.button": "Language: {language}",
  "lang.menu": "Choose the language",

  "theme.toDark": "Switch to dark theme",
  "theme.toLight": "Switch to light theme",

  "home.title": "Welcome to Ensemble",
  "home.lead": "Write, share, talk and meet with your colleagues, across teams and administrations, in one place that your organisation runs itself.",
  "home.pillars.title": "Why Ensemble",
  "home.pillar.sovereign.title": "Your data stays with you",
  "home.pillar.sovereign.body": "Ensemble runs on your organisation's own servers. No foreign cloud suite reads your documents or your conversations.",
  "home.pillar.open.title": "Open by design",
  "home.pillar.open.body": "Free software under the EUPL, built on open standards (OpenID Connect, Matrix, WebDAV, ODF), so that any standard tool can connect.",
  "home.pillar.together.title": "Everything in one place",
  "home.pillar.together.body": "One sign-in, one app switcher and one permission model for documents, files, chat, meetings and spreadsheets.",

  "home.apps.title": "Your apps",
  "home.apps.emptyTitle": "No apps are enabled yet",
  "home.apps.emptyBody": "Docs, Drive, Chat, Visio and the other modules appear here as your administrator enables them.",

  "status.title": "Server status",
  "status.loading": "Checking the server…",
  "status.ok": "Online",
  "status.version": "Version {version}",
  "status.errorUnreachable": "The server cannot be reached",
  "status.errorFailing": "The server reports a problem",
  "status.errorNetwork": "The Ensemble server did not answer. Check your connection, or ask your administrator whether the service is running.",
  "status.errorHttp": "The server answered: “{message}” (error {status}).",
  "status.errorHttpBare": "The server answered with error {status}. Try again in a moment; if it persists, tell your administrator.",
  "status.errorInvalid": "The server sent an answer this page does not understand. Reloading the page may help.",
  "status.retry": "Try again",

  "notFound.docTitle": "Page not found",
  "notFound.code": "Error 404",
  "notFound.title": "Page not found",
  "notFound.body": "The page you are looking for does not exist, or it has moved.",
  "notFound.path": "Address: {path}",
  "notFound.home": "Back to home",

  "footer.label": "About Ensemble",
  "footer.licence": "Free software under the EUPL-1.2 licence",
  "footer.version": "Version {version}",

  "module.docs.name": "Docs",
  "module.docs.description": "Write and edit documents together",
  "module.drive.name": "Drive",
  "module.drive.description": "Store and share files",
  "module.chat.name": "Chat",
  "module.chat.description": "Messages and rooms, on Matrix",
  "module.visio.name": "Visio",
  "module.visio.description": "Video meetings and webinars",
  "module.calc.name": "Calc",
  "module.calc.description": "Spreadsheets, together",
  "module.workspaces.name": "Workspaces",
  "module.workspaces.description": "A team's people, files and meetings",
  "module.other.description": "Open this module",
} as const satisfies Record<string, string>;

/** MessageKey names one translatable text. */
export type MessageKey = keyof typeof en;

/** Messages is a complete dictionary for one language. */
export type Messages = { readonly [K in MessageKey]: string };
