// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import type { Messages } from "./en";

export const de: Messages = {
  "app.name": "Ensemble",
  "app.tagline": "Souveräner Arbeitsplatz",

  "skip.main": "Zum Hauptinhalt springen",

  "nav.label": "Hauptnavigation",
  "nav.home": "Startseite",

  "switcher.button": "Anwendungen",
  "switcher.title": "Anwendungen",
  "switcher.empty": "Module erscheinen hier, sobald Ihre Administration sie aktiviert.",

  "user.button": "Konto",
  "user.notSignedIn": "Nicht angemeldet",
  "user.notSignedInHelp": "Die Anmeldung ist auf diesem Server noch nicht verfügbar. Sobald Single Sign-on eingerichtet ist, erscheinen hier Ihr Name und Ihre Einstellungen.",

  "lang.button": "Sprache: {language}",
  "lang.menu": "Sprache wählen",

  "theme.toDark": "Zum dunklen Design wechseln",
  "theme.toLight": "Zum hellen Design wechseln",

  "home.title": "Willkommen bei Ensemble",
  "home.lead": "Schreiben, teilen, austauschen und sich treffen – mit Kolleginnen und Kollegen, über Teams und Verwaltungen hinweg, an einem Ort, den Ihre Organisation selbst betreibt.",
  "home.pillars.title": "Warum Ensemble",
  "home.pillar.sovereign.title": "Ihre Daten bleiben bei Ihnen",
  "home.pillar.sovereign.body": "Ensemble läuft auf den Servern Ihrer Organisation. Keine ausländische Cloud-Suite liest Ihre Dokumente oder Gespräche.",
  "home.pillar.open.title": "Offen aus Prinzip",
  "home.pillar.open.body": "Freie Software unter der EUPL, auf offenen Standards aufgebaut (OpenID Connect, Matrix, WebDAV, ODF), damit sich jedes Standardwerkzeug verbinden kann.",
  "home.pillar.together.title": "Alles an einem Ort",
  "home.pillar.together.body": "Eine Anmeldung, ein App-Umschalter und ein Berechtigungsmodell für Dokumente, Dateien, Chat, Besprechungen und Tabellen.",

  "home.apps.title": "Ihre Anwendungen",
  "home.apps.emptyTitle": "Noch keine Anwendungen aktiviert",
  "home.apps.emptyBody": "Docs, Drive, Chat, Visio und die weiteren Module erscheinen hier, sobald Ihre Administration sie aktiviert.",

  "status.title": "Serverstatus",
  "status.loading": "Server wird geprüft …",
  "status.ok": "Online",
  "status.version": "Version {version}",
  "status.errorUnreachable": "Der Server ist nicht erreichbar",
  "status.errorFailing": "Der Server meldet ein Problem",
  "status.errorNetwork": "Der Ensemble-Server hat nicht geantwortet. Prüfen Sie Ihre Verbindung oder fragen Sie Ihre Administration, ob der Dienst läuft.",
  "status.errorHttp": "Der Server hat geantwortet: „{message}“ (Fehler {status}).",
  "status.errorHttpBare": "Der Server hat mit Fehler {status} geantwortet. Versuchen Sie es gleich noch einmal; wenn das Problem bleibt, wenden Sie sich an Ihre Administration.",
  "status.errorInvalid": "Der Server hat eine Antwort gesendet, die diese Seite nicht versteht. Neu laden kann helfen.",
  "status.retry": "Erneut versuchen",

  "notFound.docTitle": "Seite nicht gefunden",
  "notFound.code": "Fehler 404",
  "notFound.title": "Seite nicht gefunden",
  "notFound.body": "Die gesuchte Seite existiert nicht oder wurde verschoben.",
  "notFound.path": "Adresse: {path}",
  "notFound.home": "Zur Startseite",

  "footer.label": "Über Ensemble",
  "footer.licence": "Freie Software unter der Lizenz EUPL-1.2",
  "footer.version": "Version {version}",

  "module.docs.name": "Docs",
  "module.docs.description": "Dokumente gemeinsam schreiben und bearbeiten",
  "module.drive.name": "Drive",
  "module.drive.description": "Dateien speichern und teilen",
  "module.chat.name": "Chat",
  "module.chat.description": "Nachrichten und Räume, über Matrix",
  "module.visio.name": "Visio",
  "module.visio.description": "Videokonferenzen und Webinare",
  "module.calc.name": "Tabellen",
  "module.calc.description": "Tabellenkalkulation, gemeinsam",
  "module.workspaces.name": "Arbeitsbereiche",
  "module.workspaces.description": "Mitglieder, Dateien und Besprechungen eines Teams",
  "module.other.description": "Dieses Modul öffnen",
};
