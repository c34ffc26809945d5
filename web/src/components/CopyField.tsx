// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, CopyButton, TextInput } from "@mantine/core";
import { useI18n } from "../i18n/context";
import { IconCheck, IconCopy } from "../icons";

/** CopyField shows a secret or a link read-only, selected on focus, with a Copy button beside it. */
export function CopyField({ label, value, description, testId }: { label: string; value: string; description?: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <div className="ens-copy-field">
      <TextInput
        label={label}
        description={description}
        value={value}
        readOnly
        onFocus={(e) => e.currentTarget.select()}
        classNames={{ input: "ens-mono" }}
        data-testid={testId}
        className="ens-copy-input"
      />
      <CopyButton value={value} timeout={2500}>
        {({ copied, copy }) => (
          <Button variant={copied ? "light" : "filled"} onClick={copy} leftSection={copied ? <IconCheck size={18} /> : <IconCopy size={18} />} className="ens-copy-button">
            <span aria-live="polite">{copied ? t("common.copied") : t("common.copy")}</span>
          </Button>
        )}
      </CopyButton>
    </div>
  );
}
