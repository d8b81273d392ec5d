"""``reflect encrypt``, ``reflect passphrase``, ``reflect decrypt``: an encrypted home.

Each asks with a hidden prompt, or reads ``$REFLECT_PASSPHRASE`` (and, for the new
passphrase of ``reflect passphrase``, ``$REFLECT_NEW_PASSPHRASE``); docs/encryption.md
says what that exposes. The work is :mod:`reflect.encryption`'s.
"""

from __future__ import annotations

import click

from reflect.cli.output import say
from reflect.cli.session import NEW_PASSPHRASE_ENV, PASSPHRASE_ENV, Session
from reflect.render import plural

FORGOTTEN = (
    "Keep the passphrase safe: a forgotten passphrase cannot be recovered, and neither can "
    "the journal. An export kept somewhere safe is the way back (docs/encryption.md)."
)


@click.command()
@click.pass_obj
def encrypt(session: Session) -> None:
    """Encrypt this home's journal, backups, keys and caches under a passphrase.

    Asks for a new passphrase twice (or reads $REFLECT_PASSPHRASE). From then on reflect
    asks for it on every start. Run it again to finish an encrypt that was interrupted.
    Close the app first: a copy that is open cannot save until it is restarted.
    """
    from reflect.encryption import State, encrypt_home, refuse_unless

    resuming = refuse_unless(session.home, *State) is not State.PLAIN
    refuse_unless(session.home, State.PLAIN, State.ENCRYPTING, State.MIXED)
    passphrase = session.passphrase(
        PASSPHRASE_ENV,
        "Passphrase of the interrupted encrypt" if resuming else "New passphrase",
        confirm=not resuming,
    )
    done = encrypt_home(session.home, passphrase)
    what = "Finished encrypting" if done.resumed else "Encrypted"
    say(f"{what} {session.home} ({plural(done.files, 'file', 'files')} sealed).")
    say(FORGOTTEN)


@click.command()
@click.pass_obj
def passphrase(session: Session) -> None:
    """Change the passphrase of an encrypted home.

    Asks for the current one, then the new one twice (or reads $REFLECT_PASSPHRASE and
    $REFLECT_NEW_PASSPHRASE). Only encryption.json is rewritten, in one step.
    """
    from reflect.encryption import (
        State,
        change_passphrase,
        check_new_passphrase,
        refuse_unless,
        unlock_home,
    )

    refuse_unless(session.home, State.ENCRYPTED, State.MIXED)
    old = session.passphrase(PASSPHRASE_ENV, "Current passphrase")
    unlock_home(session.home, old)  # a wrong one is told before the new one is asked for
    new = session.passphrase(NEW_PASSPHRASE_ENV, "New passphrase", confirm=True)
    check_new_passphrase(new)
    change_passphrase(session.home, old, new)
    say("Passphrase changed; the old one no longer opens this journal.")
    say(FORGOTTEN)


@click.command()
@click.pass_obj
def decrypt(session: Session) -> None:
    """Store this home in plain files again (asks for the passphrase).

    Anyone who can read the folder can then read the journal. Run it again to finish a
    decrypt that was interrupted.
    """
    from reflect.encryption import State, decrypt_home, refuse_unless

    refuse_unless(session.home, State.ENCRYPTED, State.ENCRYPTING, State.MIXED)
    done = decrypt_home(session.home, session.passphrase(PASSPHRASE_ENV, "Passphrase"))
    say(
        f"Decrypted {session.home} ({plural(done.files, 'file', 'files')} opened): "
        "it is stored in plain files again."
    )


def warn_if_plain_copy(session: Session, what: str) -> None:
    """An export of an encrypted journal is plain text by nature: say so, once, on stderr."""
    from reflect.vault import is_encrypted

    if is_encrypted(session.home):
        say(f"Note: {what} is not encrypted; keep it somewhere safe.", err=True)


COMMANDS = (encrypt, passphrase, decrypt)
