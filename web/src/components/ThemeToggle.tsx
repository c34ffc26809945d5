// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { UnstyledButton, useComputedColorScheme, useMantineColorScheme } from "@mantine/core";
import { useI18n } from "../i18n/context";
import { IconMoon, IconSun } from "../icons";

/** ThemeToggle switches between the light and the dark scheme and remembers the choice. */
export function ThemeToggle() {
  const { t } = useI18n();
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme("light", { getInitialValueInEffect: false });
  const next = computed === "dark" ? "light" : "dark";
  const label = next === "dark" ? t("theme.toDark") : t("theme.toLight");
  return (
    <UnstyledButton className="ens-header-button ens-icon-button" onClick={() => setColorScheme(next)} aria-label={label} title={label} data-testid="theme-toggle">
      {computed === "dark" ? <IconSun size={20} /> : <IconMoon size={20} />}
    </UnstyledButton>
  );
}
