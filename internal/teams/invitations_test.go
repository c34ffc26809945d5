// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// secretOf returns the secret at the end of an invitation link.
func secretOf(t *testing.T, res InviteResult) string {
	t.Helper()
	secret, ok := strings.CutPrefix(res.URL, "http://ensemble.test/invite/")
	if !ok || !strings.HasPrefix(secret, invitationSecretPrefix) || res.Invitation == nil {
		t.Fatalf("invitation link %q, %+v", res.URL, res)
	}
	return secret
}

func TestInvite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), t.Context()
		alice, bob, carol, dave := e.user(t, "alice@mairie.fr", false), e.user(t, "bob@mairie.fr", false), e.user(t, "carol@mairie.fr", false), e.user(t, "dave@mairie.fr", false)
		tm := e.team(t, alice, "État civil")

		// An existing account is added at once, whatever the case of its email.
		res, err := e.s.Invite(ctx, alice, "BOB@mairie.fr", tm.ID, RoleAdministrator)
		if err != nil || res.Member == nil || res.Member.UserID != bob.ID || res.Member.Role != RoleAdministrator || res.Invitation != nil {
			t.Fatalf("Invite(existing) = %+v, %v", res, err)
		}
		_, err = e.s.Invite(ctx, alice, "bob@mairie.fr", tm.ID, RoleMember)
		want(t, "inviting a member again", err, errs.Conflict)
		_, err = e.s.Invite(ctx, alice, "bob@mairie.fr", "", RoleMember)
		want(t, "a guest invitation for an existing account", err, errs.Conflict)

		// An unknown email gets a link.
		res, err = e.s.Invite(ctx, alice, " guest@partenaire.eu ", tm.ID, RoleMember)
		if err != nil || res.Invitation.Email != "guest@partenaire.eu" || res.Invitation.TeamName != "État civil" ||
			!res.Invitation.ExpiresAt.Equal(e.clock.Now().Add(InvitationTTL)) {
			t.Fatalf("Invite(unknown) = %+v, %v", res.Invitation, err)
		}
		first := secretOf(t, res)
		p, err := e.s.InvitationBySecret(ctx, first)
		if err != nil || p.Email != "guest@partenaire.eu" || p.TeamName != "État civil" || p.InviterName != alice.Name || p.AccountExists {
			t.Fatalf("InvitationBySecret = %+v, %v", p, err)
		}

		// Who may invite is who may add: outsiders learn nothing.
		for _, email := range []string{"someone@partenaire.eu", "dave@mairie.fr"} {
			_, err = e.s.Invite(ctx, carol, email, tm.ID, RoleMember)
			want(t, "outsider inviting "+email, err, errs.NotFound)
		}
		e.add(t, alice, tm.ID, dave, RoleMember)
		_, err = e.s.Invite(ctx, dave, "someone@partenaire.eu", tm.ID, RoleMember)
		want(t, "member inviting", err, errs.Forbidden)
		_, err = e.s.Invite(ctx, bob, "someone@partenaire.eu", tm.ID, RoleOwner)
		want(t, "administrator inviting an owner", err, errs.Forbidden)
		_, err = e.s.Invite(ctx, bob, "someone@partenaire.eu", tm.ID, RoleAdministrator)
		want(t, "administrator inviting an administrator", err, nil)
		_, err = e.s.Invite(ctx, alice, "someone@partenaire.eu", "", RoleAdministrator)
		want(t, "a guest invitation with a role", err, errs.Invalid)
		_, err = e.s.Invite(ctx, alice, "someone@partenaire.eu", "not-an-id", RoleMember)
		want(t, "inviting to a malformed team id", err, errs.NotFound)
		for _, bad := range []string{"", "nope", "a@b", "Name <a@b.fr>", "a@b.fr, c@d.fr", strings.Repeat("a", 250) + "@b.fr"} {
			_, err = e.s.Invite(ctx, alice, bad, tm.ID, RoleMember)
			want(t, "Invite("+bad+")", err, errs.Invalid)
		}

		// Inviting the same email to the same team again replaces the link.
		res, err = e.s.Invite(ctx, alice, "Guest@Partenaire.eu", tm.ID, RoleMember)
		if err != nil {
			t.Fatal(err)
		}
		second := secretOf(t, res)
		_, err = e.s.InvitationBySecret(ctx, first)
		want(t, "the replaced link", err, errs.NotFound)
		guestOnly, err := e.s.Invite(ctx, alice, "guest@partenaire.eu", "", RoleMember)
		want(t, "a guest invitation beside a team one", err, nil)

		sent, err := e.s.SentInvitations(ctx, alice)
		if err != nil || len(sent) != 2 || sent[0].ID != guestOnly.Invitation.ID || sent[0].TeamID != "" || sent[1].TeamID != tm.ID {
			t.Fatalf("SentInvitations = %+v, %v", sent, err)
		}

		// Revoking: the inviter, or whoever manages the team; not others.
		_, err = e.s.RevokeInvitation(ctx, carol, res.Invitation.ID)
		want(t, "outsider revoking", err, errs.NotFound)
		_, err = e.s.RevokeInvitation(ctx, dave, guestOnly.Invitation.ID)
		want(t, "someone else revoking a guest invitation", err, errs.NotFound)
		_, err = e.s.RevokeInvitation(ctx, bob, res.Invitation.ID)
		want(t, "team administrator revoking", err, nil)
		_, err = e.s.InvitationBySecret(ctx, second)
		want(t, "a revoked link", err, errs.NotFound)
		_, err = e.s.RevokeInvitation(ctx, alice, res.Invitation.ID)
		want(t, "revoking twice", err, errs.NotFound)
		for _, bad := range []string{"", "ens_i_forged", "garbage", strings.Repeat("ens_i_", 50)} {
			_, err = e.s.InvitationBySecret(ctx, bad)
			want(t, "InvitationBySecret("+bad+")", err, errs.NotFound)
		}
	})
}

func TestAcceptInvitation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), t.Context()
		alice, bob := e.user(t, "alice@mairie.fr", false), e.user(t, "bob@mairie.fr", false)
		tm := e.team(t, alice, "Culture")
		e.add(t, alice, tm.ID, bob, RoleAdministrator)
		invite := func(by identity.User, email, teamID string, role Role) string {
			t.Helper()
			res, err := e.s.Invite(ctx, by, email, teamID, role)
			if err != nil {
				t.Fatal(err)
			}
			return secretOf(t, res)
		}

		secret := invite(alice, "gaston@partenaire.eu", tm.ID, RoleAdministrator)
		_, _, err := e.s.AcceptInvitation(ctx, secret, "Gaston", "short")
		want(t, "accepting with a weak password", err, errs.Invalid)
		_, _, err = e.s.AcceptInvitation(ctx, secret, "<b>Gaston</b>", pw)
		want(t, "accepting with a bad name", err, errs.Invalid)
		u, inv, err := e.s.AcceptInvitation(ctx, secret, "Gaston Lagaffe", pw)
		if err != nil || u.Email != "gaston@partenaire.eu" || !u.EmailVerified || u.Admin || inv.AcceptedAt == nil {
			t.Fatalf("AcceptInvitation = %+v, %+v, %v", u, inv, err)
		}
		if role, ok, _ := e.s.IsMember(ctx, tm.ID, u.ID); !ok || role != RoleAdministrator {
			t.Errorf("after accepting: member %v as %q", ok, role)
		}
		_, _, err = e.s.AcceptInvitation(ctx, secret, "Gaston again", pw)
		want(t, "reusing a link", err, errs.NotFound)
		if sent, _ := e.s.SentInvitations(ctx, alice); len(sent) != 0 {
			t.Errorf("accepted invitations still pending: %+v", sent)
		}

		// Links expire after InvitationTTL.
		secret = invite(alice, "late@partenaire.eu", "", RoleMember)
		e.clock.Add(InvitationTTL - time.Minute)
		_, err = e.s.InvitationBySecret(ctx, secret)
		want(t, "a link a minute before it expires", err, nil)
		e.clock.Add(time.Minute)
		_, _, err = e.s.AcceptInvitation(ctx, secret, "Late", pw)
		want(t, "an expired link", err, errs.NotFound)

		// A disabled inviter's links are void until they are enabled again.
		secret = invite(alice, "paused@partenaire.eu", tm.ID, RoleMember)
		e.users.SetDisabled(ctx, alice.ID, true)
		_, err = e.s.InvitationBySecret(ctx, secret)
		want(t, "a link from a disabled inviter", err, errs.NotFound)
		e.users.SetDisabled(ctx, alice.ID, false)
		_, err = e.s.InvitationBySecret(ctx, secret)
		want(t, "the link once the inviter is enabled again", err, nil)

		// So are the links of an inviter who may no longer add people.
		secret = invite(bob, "demoted@partenaire.eu", tm.ID, RoleMember)
		e.s.SetRole(ctx, alice, tm.ID, bob.ID, RoleMember)
		_, err = e.s.InvitationBySecret(ctx, secret)
		want(t, "a link from a demoted inviter", err, errs.NotFound)
		e.s.SetRole(ctx, alice, tm.ID, bob.ID, RoleAdministrator)
		_, err = e.s.InvitationBySecret(ctx, secret)
		want(t, "the link once the inviter is promoted again", err, nil)

		// An email that got an account meanwhile accepts signed in, as itself.
		secret = invite(alice, "meanwhile@partenaire.eu", tm.ID, RoleMember)
		m := e.user(t, "meanwhile@partenaire.eu", false)
		if p, err := e.s.InvitationBySecret(ctx, secret); err != nil || !p.AccountExists {
			t.Fatalf("InvitationBySecret = %+v, %v; want account_exists", p, err)
		}
		_, _, err = e.s.AcceptInvitation(ctx, secret, "Twin", pw)
		want(t, "creating a second account for the email", err, errs.Conflict)
		_, err = e.s.AcceptInvitationAs(ctx, secret, bob)
		want(t, "accepting as another account", err, errs.Forbidden)
		_, err = e.s.AcceptInvitationAs(ctx, secret, m)
		want(t, "accepting as the invited account", err, nil)
		if _, ok, _ := e.s.IsMember(ctx, tm.ID, m.ID); !ok {
			t.Error("the existing account did not join")
		}

		// Deleting the team voids its invitations.
		secret = invite(alice, "orphan@partenaire.eu", tm.ID, RoleMember)
		e.s.DeleteTeam(ctx, alice, tm.ID)
		_, err = e.s.InvitationBySecret(ctx, secret)
		want(t, "a link to a deleted team", err, errs.NotFound)

		// Two people racing with one link: one account, one acceptance.
		secret = invite(alice, "race@partenaire.eu", "", RoleMember)
		var wg sync.WaitGroup
		results := make([]error, 4)
		for i := range results {
			wg.Go(func() { _, _, results[i] = e.s.AcceptInvitation(ctx, secret, "Racer", pw) })
		}
		wg.Wait()
		ok := 0
		for _, err := range results {
			if err == nil {
				ok++
			} else if !errors.Is(err, errs.Conflict) && !errors.Is(err, errs.NotFound) {
				t.Errorf("racing accept = %v", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d of 4 racing accepts succeeded: %v", ok, results)
		}
	})
}
