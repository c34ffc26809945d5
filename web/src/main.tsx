// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The entry point. Everything that must be right before the first paint
// (colour scheme, language) is decided here, in module code, because the
// Content-Security-Policy forbids inline scripts in index.html.
// A document opened by its address starts loading first of all (docs/early.ts).
import "./docs/early";
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
// The identity pages: forms, tables, tabs, dialogs.
import "@mantine/core/styles/Input.css";
import "@mantine/core/styles/PasswordInput.css";
import "@mantine/core/styles/ActionIcon.css";
import "@mantine/core/styles/CloseButton.css";
import "@mantine/core/styles/Checkbox.css";
import "@mantine/core/styles/InlineInput.css";
import "@mantine/core/styles/Group.css";
import "@mantine/core/styles/Badge.css";
import "@mantine/core/styles/Table.css";
import "@mantine/core/styles/ScrollArea.css";
import "@mantine/core/styles/Tabs.css";
import "@mantine/core/styles/ModalBase.css";
import "@mantine/core/styles/Modal.css";
import "@mantine/core/styles/Overlay.css";
import "@mantine/core/styles/Paper.css";
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
