// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Popover, Text, UnstyledButton } from "@mantine/core";
import { useI18n } from "../i18n/context";
import { useDisclosurePanel } from "./useDisclosurePanel";
import { IconApps, IconHome } from "../icons";
import { presentModule } from "../modules";
import { Link, usePath } from "../router";
import { useShell } from "../shell-context";

/**
 * AppSwitcher is the suite's launcher: Home and every enabled module, one
 * click away from any page. It is a disclosure (a button that shows a list
 * of links), not an ARIA menu, because its entries are plain links.
 */
export function AppSwitcher() {
  const { t } = useI18n();
  const { state } = useShell();
  const path = usePath();
  const { opened, toggle, close, buttonRef } = useDisclosurePanel();
  const modules = state.status === "ready" ? state.shell.modules.map((m) => presentModule(m, t)) : [];

  return (
    <Popover
      opened={opened}
      onChange={(o) => (o ? undefined : close())}
      onDismiss={close}
      position="bottom-end"
      width={320}
      shadow="lg"
      radius="md"
      withinPortal={false}
      trapFocus={false}
      closeOnEscape={false}
    >
      <Popover.Target>
        <UnstyledButton ref={buttonRef} className="ens-header-button" onClick={toggle} aria-expanded={opened} aria-controls="ens-app-switcher" aria-label={t("switcher.button")} data-testid="app-switcher">
          <IconApps size={20} />
          <span className="ens-header-button-label">{t("switcher.button")}</span>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown id="ens-app-switcher" className="ens-switcher" aria-label={t("switcher.title")} role="region">
        <Text component="h2" className="ens-switcher-title">
          {t("switcher.title")}
        </Text>
        <ul className="ens-switcher-list">
          <li>
            <Link href="/" className="ens-switcher-item" aria-current={path === "/" ? "page" : undefined} onClick={close}>
              <span className="ens-switcher-icon">
                <IconHome size={22} />
              </span>
              <span>{t("nav.home")}</span>
            </Link>
          </li>
          {modules.map((m) => (
            <li key={m.id}>
              <a href={m.path} className="ens-switcher-item" aria-current={path === m.path || path.startsWith(m.path + "/") ? "page" : undefined}>
                <span className="ens-switcher-icon">
                  <m.Icon size={22} />
                </span>
                <span>{m.name}</span>
              </a>
            </li>
          ))}
        </ul>
        {modules.length === 0 && (
          <Text size="sm" c="dimmed" className="ens-switcher-empty">
            {t("switcher.empty")}
          </Text>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
