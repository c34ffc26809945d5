// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { useDisclosure, useWindowEvent } from "@mantine/hooks";
import { useRef } from "react";

/**
 * useDisclosurePanel is the state of a button that shows a panel (the app
 * switcher, the account panel): Escape closes it from anywhere, and focus
 * goes back to the button, as the WAI-ARIA disclosure pattern expects.
 */
export function useDisclosurePanel() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useWindowEvent("keydown", (e) => {
    if (opened && e.key === "Escape") {
      close();
      buttonRef.current?.focus();
    }
  });
  return { opened, toggle, close, buttonRef };
}
