// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The entry point. Everything that must be right before the first paint
// (colour scheme, language) is decided here, in module code, because the
// Content-Security-Policy forbids inline scripts in index.html.
// Only the Mantine styles the shell uses (about a fifth of styles.css);
// a module that uses more components imports their styles itself.
import "@mantine/core/styles/baseline.css";
import "@mantine/core/styles/default-css-variables.css";
import "@mantine/core/styles/global.css";
import "@mantine/core/styles/UnstyledButton.css";
import "@mantine/core/styles/Button.css";
import "@mantine/core/styles/Loader.css";
import "@mantine/core/styles/Popover.css";
import "@mantine/core/styles/Menu.css";
import "@mantine/core/styles/Text.css";
import "./styles.css";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { detectLanguage, readStoredLanguage } from "./i18n/languages";
import { browserStorage } from "./storage";
import { colorSchemeStorageKey, initialColorScheme } from "./theme";

const storage = browserStorage();
let storedScheme: string | null = null;
try {
  storedScheme = storage?.getItem(colorSchemeStorageKey) ?? null;
} catch {
  storedScheme = null;
}
const prefersDark = window.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;
document.documentElement.setAttribute("data-mantine-color-scheme", initialColorScheme(storedScheme, prefersDark));

const language = detectLanguage(readStoredLanguage(storage), navigator.languages ?? [navigator.language]);
document.documentElement.lang = language;

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App language={language} />
  </StrictMode>,
);
