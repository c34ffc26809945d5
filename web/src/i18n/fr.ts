// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import type { Messages } from "./en";

export const fr: Messages = {
  "app.name": "Ensemble",
  "app.tagline": "Espace de travail souverain",

  "skip.main": "Aller au contenu principal",

  "nav.label": "Principale",
  "nav.home": "Accueil",

  "switcher.button": "Applications",
  "switcher.title": "Applications",
  "switcher.empty": "Les modules apparaissent ici à mesure que votre administrateur les active.",

  "user.button": "Compte",
  "user.notSignedIn": "Non connecté",
  "user.notSignedInHelp": "La connexion n'est pas encore disponible sur ce serveur. Une fois l'authentification unique configurée, votre nom et vos réglages apparaîtront ici.",

  "lang.button": "Langue : {language}",
  "lang.menu": "Choisir la langue",

  "theme.toDark": "Passer au thème sombre",
  "theme.toLight": "Passer au thème clair",

  "home.title": "Bienvenue sur Ensemble",
  "home.lead": "Rédigez, partagez, échangez et réunissez-vous avec vos collègues, entre équipes et entre administrations, dans un espace unique que votre organisation maîtrise.",
  "home.pillars.title": "Pourquoi Ensemble",
  "home.pillar.sovereign.title": "Vos données restent chez vous",
  "home.pillar.sovereign.body": "Ensemble fonctionne sur les serveurs de votre organisation. Aucune suite étrangère dans le nuage ne lit vos documents ni vos conversations.",
  "home.pillar.open.title": "Ouvert par principe",
  "home.pillar.open.body": "Logiciel libre sous licence EUPL, fondé sur des standards ouverts (OpenID Connect, Matrix, WebDAV, ODF) : tout outil standard peut s'y connecter.",
  "home.pillar.together.title": "Tout au même endroit",
  "home.pillar.together.body": "Une seule connexion, un seul sélecteur d'applications et un seul modèle de droits pour les documents, les fichiers, la messagerie, les réunions et les tableurs.",

  "home.apps.title": "Vos applications",
  "home.apps.emptyTitle": "Aucune application n'est encore activée",
  "home.apps.emptyBody": "Docs, Drive, Chat, Visio et les autres modules apparaîtront ici à mesure que votre administrateur les activera.",

  "status.title": "État du serveur",
  "status.loading": "Vérification du serveur…",
  "status.ok": "En ligne",
  "status.version": "Version {version}",
  "status.errorUnreachable": "Le serveur est injoignable",
  "status.errorFailing": "Le serveur signale un problème",
  "status.errorNetwork": "Le serveur Ensemble n'a pas répondu. Vérifiez votre connexion ou demandez à votre administrateur si le service fonctionne.",
  "status.errorHttp": "Le serveur a répondu : « {message} » (erreur {status}).",
  "status.errorHttpBare": "Le serveur a répondu par l'erreur {status}. Réessayez dans un instant ; si le problème persiste, prévenez votre administrateur.",
  "status.errorInvalid": "Le serveur a envoyé une réponse que cette page ne comprend pas. Recharger la page peut aider.",
  "status.retry": "Réessayer",

  "notFound.docTitle": "Page introuvable",
  "notFound.code": "Erreur 404",
  "notFound.title": "Page introuvable",
  "notFound.body": "La page que vous cherchez n'existe pas ou a été déplacée.",
  "notFound.path": "Adresse : {path}",
  "notFound.home": "Retour à l'accueil",

  "footer.label": "À propos d'Ensemble",
  "footer.licence": "Logiciel libre sous licence EUPL-1.2",
  "footer.version": "Version {version}",

  "module.docs.name": "Docs",
  "module.docs.description": "Rédiger et modifier des documents à plusieurs",
  "module.drive.name": "Drive",
  "module.drive.description": "Stocker et partager des fichiers",
  "module.chat.name": "Messagerie",
  "module.chat.description": "Messages et salons, sur Matrix",
  "module.visio.name": "Visio",
  "module.visio.description": "Réunions vidéo et webinaires",
  "module.calc.name": "Tableur",
  "module.calc.description": "Des tableurs, à plusieurs",
  "module.workspaces.name": "Espaces de travail",
  "module.workspaces.description": "Les membres, fichiers et réunions d'une équipe",
  "module.other.description": "Ouvrir ce module",
};
