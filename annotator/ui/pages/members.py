"""Members of the project picked in the sidebar (its admins): roles changed and members removed
in the list, people added from a searched list of accounts, and a new account invited (its
password shown once)."""

from __future__ import annotations

import streamlit as st

from ...errors import AnnotatorError
from ...models.enums import ProjectRole
from ...services.team.members import CANDIDATE_LIMIT, add_members, invite_member, member_candidates
from ...services.team.projects import list_members, remove_member, set_member
from ...services.views import MemberView
from .. import state
from ..auth import require_actor
from ..feedback import flash, run_service, show_flash
from ..pickers import current_project
from ..resources import get_db
from ..text import md_escape, visible

ONE_TIME = "members-one-time-password"
ROLES = [r.value for r in ProjectRole]
ROLE_HELP = ("Annotators annotate; curators also assign, curate, import and see everyone's spans; "
             "admins also change the codebook, settings and members.")


def render() -> None:
    st.header("Members")
    project = current_project({"admin"})
    if project is None:
        return
    show_flash(state.PAGE_FLASH)
    one_time = st.session_state.pop(ONE_TIME, None)
    if one_time:
        st.warning(md_escape(f"Password for {one_time[0]} (shown once: pass it on now; they can change it later):"))
        st.code(one_time[1], language=None)
    members = list_members(get_db(), require_actor(), project.id)
    st.caption(md_escape(f"{len(members)} member(s) of {project.name}. {ROLE_HELP}"))
    if len(members) <= 1:
        st.info("Nobody else is in this project yet: add people from the list below, or invite someone new.")
    for member in members:
        _row(project.id, member)
    left, right = st.columns(2)
    with left:
        _add(project.id)
    with right:
        _invite(project.id)


def _row(project_id: int, member: MemberView) -> None:
    db, me = get_db(), require_actor()
    name_col, role_col, remove_col = st.columns([3, 2, 1], vertical_alignment="center")
    inactive = "" if member.active else " · inactive"
    name_col.markdown(md_escape(f"{member.display_name} ({member.username}){inactive}"))
    key = f"members-role-{member.user_id}"
    role_col.selectbox("Role", ROLES, index=ROLES.index(member.role), key=key, label_visibility="collapsed",
                       on_change=_change_role, args=(project_id, member, key))
    if remove_col.button("Remove", key=f"members-remove-{member.user_id}", disabled=member.user_id == me.user_id,
                         help="Their spans stay in the project." if member.user_id != me.user_id else
                         "You cannot remove yourself here."):
        run_service(lambda: remove_member(db, me, project_id, member.username),
                    f"{member.username} removed from the project (their spans stay).", flash_to=state.PAGE_FLASH,
                    rerun=True)


def _change_role(project_id: int, member: MemberView, key: str) -> None:
    """On a change of the role box (before the page is drawn again): the service decides; a
    refusal is told and the box shows the role again."""
    role = st.session_state[key]
    try:
        set_member(get_db(), require_actor(), project_id, member.username, role)
    except AnnotatorError as error:
        st.session_state[key] = member.role
        flash("error", str(error), queue=state.PAGE_FLASH)
    else:
        flash("success", f"{member.username} is now {role}.", queue=state.PAGE_FLASH)


def _add(project_id: int) -> None:
    db, me = get_db(), require_actor()
    with st.container(border=True):
        st.markdown("**Add people**")
        search = st.text_input("Search accounts by name", key="members-search",
                               placeholder="part of a user name or display name")
        candidates = run_service(lambda: member_candidates(db, me, project_id, search)) or []
        names = {c.username: visible(f"{c.display_name} ({c.username})" if c.display_name != c.username else c.username)
                 for c in candidates}
        if len(candidates) == CANDIDATE_LIMIT:
            st.caption(f"The first {CANDIDATE_LIMIT} accounts; search to narrow the list.")
        chosen = st.multiselect("People to add", list(names), format_func=names.__getitem__, key="members-pick",
                                placeholder="Choose people" if names else "No account to add",
                                help="Type to filter the list.")
        role = st.selectbox("Their role", ROLES, index=ROLES.index("annotator"), key="members-add-role",
                            help=ROLE_HELP)
        if st.button("Add to the project", type="primary", key="members-add", disabled=not chosen):
            added = run_service(lambda: add_members(db, me, project_id, chosen, role))
            if added is not None:
                flash("success", f"Added as {role}: {', '.join(m.username for m in added)}.", queue=state.PAGE_FLASH)
                del st.session_state["members-pick"]
                st.rerun()


def _invite(project_id: int) -> None:
    db, me = get_db(), require_actor()
    with st.container(border=True), st.form("members-invite", clear_on_submit=True, border=False):
        st.markdown("**Invite someone new**")
        username = st.text_input("User name", key="members-invite-name", help="1-150 characters, no spaces.")
        display = st.text_input("Display name", key="members-invite-display")
        role = st.selectbox("Their role", ROLES, index=ROLES.index("annotator"), key="members-invite-role")
        st.caption("Makes an annotator account with a password shown here once; a global admin can change its "
                   "global role later.")
        if st.form_submit_button("Create the account and add it"):
            invited = run_service(lambda: invite_member(db, me, project_id, username, display_name=display, role=role))
            if invited is not None:
                st.session_state[ONE_TIME] = (invited.member.username, invited.password)
                st.rerun()
