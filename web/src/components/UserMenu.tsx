// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Popover, Text, UnstyledButton } from "@mantine/core";
import { useI18n } from "../i18n/context";
import { useDisclosurePanel } from "./useDisclosurePanel";
import { IconUser } from "../icons";

/**
 * UserMenu shows who is signed in. No identity exists yet, so it states
 * plainly that nobody is; the identity module will fill it in.
 */
export function UserMenu() {
  const { t } = useI18n();
  const { opened, toggle, close, buttonRef } = useDisclosurePanel();
  return (
    <Popover opened={opened} onChange={(o) => (o ? undefined : close())} onDismiss={close} position="bottom-end" width={300} shadow="lg" withinPortal={false} closeOnEscape={false}>
      <Popover.Target>
        <UnstyledButton
          ref={buttonRef}
          className="ens-header-button ens-user-button"
          onClick={toggle}
          aria-expanded={opened}
          aria-controls="ens-user-panel"
          aria-label={`${t("user.button")}: ${t("user.notSignedIn")}`}
          data-testid="user-menu"
        >
          <span className="ens-avatar">
            <IconUser size={18} />
          </span>
          <span className="ens-header-button-label">{t("user.notSignedIn")}</span>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown id="ens-user-panel" role="region" aria-label={t("user.button")} className="ens-user-panel">
        <div className="ens-user-row">
          <span className="ens-avatar ens-avatar-lg">
            <IconUser size={24} />
          </span>
          <Text component="h2" fw={700} size="md">
            {t("user.notSignedIn")}
          </Text>
        </div>
        <Text size="sm" c="dimmed" mt="sm">
          {t("user.notSignedInHelp")}
        </Text>
      </Popover.Dropdown>
    </Popover>
  );
}
