"""Accounts and signing in: local users and passwords, login throttling, server-side
sessions, single sign-on (OpenID Connect) and what an admin does to an account."""
