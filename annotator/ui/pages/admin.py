"""Administration: accounts (global admins: create, deactivate, passwords, roles, sessions,
single sign-on links), project members, roles and team settings, and the project's audit log
(project admins). Every action is a service call that checks and
audits; this page only arranges the widgets."""

from __future__ import annotations

import json
import secrets

import streamlit as st

from ...models.enums import GlobalRole, ProjectRole
from ...services.accounts.admin import reset_password
from ...services.accounts.oidc import link_identity, unlink_identity
from ...services.accounts.sessions import end_sessions, list_sessions
from ...services.accounts.users import create_user, list_users, set_active, set_role
from ...services.annotation.history import project_history
from ...services.team.projects import list_members, remove_member, set_member
from ...services.team.settings import set_team_settings
from ...services.views import UserView
from .. import state
from ..auth import require_actor
from ..feedback import run_service, show_flash
from ..pickers import pick_project
from ..resources import get_db
from ..text import frame, md_escape, visible

ONE_TIME = "admin_one_time_password"


def render() -> None:
    st.header("Administration")
    me = require_actor()
    tabs = ["Project members", "Audit log"]
    if me.is_admin:
        tabs.insert(0, "Users")
    shown = dict(zip(tabs, st.tabs(tabs), strict=True))
    if "Users" in shown:
        with shown["Users"]:
            _users()
    with shown["Project members"]:
        project = pick_project("admin_project", {"admin"})
        if project is not None:
            _members(project.id, project.settings)
    with shown["Audit log"]:
        if project is not None:
            _log(project.id)


def _users() -> None:
    db, me = get_db(), require_actor()
    one_time = st.session_state.pop(ONE_TIME, None)
    if one_time:
        st.warning(md_escape(f"New password for {one_time[0]} (shown once, pass it on now):"))
        st.code(one_time[1], language=None)
    users = list_users(db, me)
    st.dataframe(frame([
        {"User": u.username, "Name": u.display_name, "Role": u.role, "Active": u.active, "E-mail": u.email or ""}
        for u in users
    ]), hide_index=True, width="stretch", key="admin_users")
    with st.form("create_user", clear_on_submit=True):
        st.subheader("New account")
        username = st.text_input("User name", key="new_user_name")
        display = st.text_input("Display name", key="new_user_display")
        email = st.text_input("E-mail (a single sign-on with this verified address links to the account "
                              "if its issuer is trusted; see README)", key="new_user_email")
        role = st.selectbox("Global role", [r.value for r in GlobalRole], index=2, key="new_user_role")
        if st.form_submit_button("Create account", type="primary"):
            password = secrets.token_urlsafe(12)
            made = run_service(lambda: create_user(db, me, username, password, role=role,
                                                   display_name=display, email=email or None))
            if made is not None:
                st.session_state[ONE_TIME] = (made.username, password)
                st.rerun()
    names = [u.username for u in users]
    if not names:
        return
    st.subheader("Change an account")
    who = st.selectbox("Account", names, key="admin_who", format_func=visible)
    user = next(u for u in users if u.username == who)
    left, middle, right = st.columns(3)
    if left.button("Deactivate" if user.active else "Reactivate", key="admin_active"):
        run_service(lambda: set_active(db, me, who, not user.active), rerun=True)
    if middle.button("Reset password", key="admin_reset"):
        reset_to = run_service(lambda: reset_password(db, me, who))
        if reset_to is not None:
            st.session_state[ONE_TIME] = (who, reset_to)
            st.rerun()
    roles = [r.value for r in GlobalRole]
    new_role = right.selectbox("Global role", roles, index=roles.index(user.role), key="admin_role")
    if new_role != user.role and right.button("Change role", key="admin_role_go"):
        run_service(lambda: set_role(db, me, who, new_role), rerun=True)
    _access(user)


def _access(user: UserView) -> None:
    """The account's live sessions (with "end all") and its single sign-on link."""
    db, me, who = get_db(), require_actor(), user.username
    st.markdown("**Sessions**")
    show_flash(state.PAGE_FLASH)
    sessions = run_service(lambda: list_sessions(db, me, who)) or []
    if sessions:
        st.dataframe(frame([
            {"Started": s.created_at, "Last seen": s.last_seen_at, "Expires": s.expires_at,
             "Browser": s.user_agent or "", "Address": s.address or ""} for s in sessions
        ]), hide_index=True, width="stretch", key="admin_sessions")
    else:
        st.caption("No live sessions.")
    if st.button("End all sessions", key="admin_end_sessions",
                 help="Signs the account out everywhere at once, single sign-on included"):
        run_service(lambda: end_sessions(db, me, who), lambda n: f"{n} session(s) of {who} ended",
                    flash_to=state.PAGE_FLASH, rerun=True)
    st.markdown("**Single sign-on**")
    st.caption(md_escape(f"Linked to {user.oidc_subject}") if user.oidc_subject else "Not linked.")
    with st.form("admin_sso", clear_on_submit=True):
        issuer_col, subject_col = st.columns(2)
        issuer = issuer_col.text_input("Issuer", key="admin_sso_issuer", placeholder="https://id.example.org")
        subject = subject_col.text_input("Subject", key="admin_sso_subject",
                                         help="As shown to the person when their sign-in was refused")
        if st.form_submit_button("Link this identity", key="admin_sso_link"):
            run_service(lambda: link_identity(db, me, who, issuer, subject), rerun=True)
    if user.oidc_subject and st.button("Unlink single sign-on", key="admin_sso_unlink"):
        run_service(lambda: unlink_identity(db, me, who), rerun=True)


def _members(project_id: int, settings: dict[str, object]) -> None:
    db, me = get_db(), require_actor()
    members = list_members(db, me, project_id)
    st.dataframe(frame([
        {"User": m.username, "Name": m.display_name, "Role": m.role, "Active": m.active} for m in members
    ]), hide_index=True, width="stretch", key="admin_members")
    with st.form("member"):
        username = st.text_input("User name", key="member_name")
        role = st.selectbox("Role in this project", [r.value for r in ProjectRole], index=2, key="member_role")
        add, remove = st.columns(2)
        if add.form_submit_button("Add or change role", type="primary"):
            run_service(lambda: set_member(db, me, project_id, username.strip(), role), rerun=True)
        if remove.form_submit_button("Remove from project"):
            run_service(lambda: remove_member(db, me, project_id, username.strip()), rerun=True)
    st.subheader("Team settings")
    assigned_only = st.toggle("Annotators open only the documents assigned to them",
                              value=bool(settings.get("assigned_only")), key="setting_assigned")
    hide = st.toggle("Hide annotator names from curators", value=bool(settings.get("hide_annotator_names")),
                     key="setting_hide")
    if (assigned_only, hide) != (bool(settings.get("assigned_only")), bool(settings.get("hide_annotator_names"))):
        run_service(lambda: set_team_settings(db, me, project_id, assigned_only=assigned_only,
                                              hide_annotator_names=hide), rerun=True)


def _log(project_id: int) -> None:
    db, me = get_db(), require_actor()
    action = st.selectbox("Action", ["(all)", "create", "update", "delete", "restore", "assign",
                                     "unassign", "reject", "forbidden", "login_failed"], key="log_action")
    entries = run_service(lambda: project_history(db, me, project_id, limit=1000,
                                                  action=None if action == "(all)" else action)) or []
    st.dataframe(frame([
        {"When": e.at, "Who": e.who, "Action": e.action, "Object": f"{e.object_type} {e.object_id or ''}",
         "Changes": json.dumps({k: list(v) for k, v in e.changes.items()}, ensure_ascii=False, default=str)
         if e.changes else "", "Detail": e.detail or ""}
        for e in entries
    ]), hide_index=True, width="stretch", key="admin_log")
