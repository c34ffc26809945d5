// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Textarea, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { createTeam, updateTeam, type Team } from "../api/teams";
import { FormDialog } from "../components/FormDialog";
import { useI18n } from "../i18n/context";
import { teamError } from "./team-ui";

/** TeamDialog creates a team (team null) or edits its name and description. */
export function TeamDialog({ team, onClose, onSaved }: { team: Team | null; onClose: () => void; onSaved: (t: Team) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(team?.name ?? "");
  const [description, setDescription] = useState(team?.description ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = team ? await updateTeam(team.id, { name: name.trim(), description: description.trim() }) : await createTeam(name.trim(), description.trim());
    setBusy(false);
    if (!r.ok) return setError(teamError(r.error, t));
    onSaved(r.data.team);
  };

  return (
    <FormDialog
      onClose={onClose}
      title={team ? t("teams.editTitle", { name: team.name }) : t("teams.createTitle")}
      onSubmit={submit}
      testId="team-form"
      error={error}
      errorTestId="team-form-error"
      busy={busy}
      submitLabel={team ? t("teams.save") : t("teams.createSubmit")}
      submitTestId="team-submit"
    >
      <TextInput label={t("teams.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={100} data-testid="team-name" data-autofocus />
      <Textarea
        label={t("teams.description")}
        description={t("teams.descriptionHelp")}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        autosize
        minRows={3}
        maxLength={2000}
        data-testid="team-description"
      />
    </FormDialog>
  );
}
