"""The server: Streamlit's own (st.App) with the sign-in routes and the gate in front of every page.

Start it with `streamlit run serve.py` (scripts/run.sh does): the app itself is app.py. At start-up the store is
opened and migrated, a malformed single sign-on configuration stops the server with a message, and while the
store has no account the one-time set-up token is printed in the log.
"""

from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from services import accounts, setup_token
from ui import signin, sso


@asynccontextmanager
async def lifespan(_app):
    sso.settings()  # raises BadConfig (stops the server) on a malformed [livelihood.sso]
    if accounts.setup_mode(signin.store()):
        setup_token.announce()
    yield


app = st.App("app.py", routes=signin.routes(), middleware=[Middleware(signin.SignInGate)], lifespan=lifespan)
