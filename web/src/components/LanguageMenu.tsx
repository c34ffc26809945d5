// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Menu, UnstyledButton } from "@mantine/core";
import { useI18n } from "../i18n/context";
import { languageNames, languages } from "../i18n/languages";
import { IconCheck, IconChevronDown, IconLanguage } from "../icons";

/** LanguageMenu switches the interface language; each name is written in its own language. */
export function LanguageMenu() {
  const { lang, setLang, t } = useI18n();
  return (
    <Menu position="bottom-end" width={200} shadow="lg" withinPortal={false} returnFocus>
      <Menu.Target>
        <UnstyledButton className="ens-header-button" aria-label={t("lang.button", { language: languageNames[lang] })} data-testid="language-menu">
          <IconLanguage size={20} />
          <span className="ens-header-button-label" aria-hidden="true">
            {languageNames[lang]}
          </span>
          <IconChevronDown size={16} className="ens-header-button-chevron" />
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown aria-label={t("lang.menu")}>
        <Menu.Label>{t("lang.menu")}</Menu.Label>
        {languages.map((l) => (
          <Menu.Item
            key={l}
            lang={l}
            role="menuitemradio"
            aria-checked={l === lang}
            onClick={() => setLang(l)}
            rightSection={l === lang ? <IconCheck size={16} /> : null}
            data-testid={`language-${l}`}
          >
            {languageNames[l]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
