"""What every reflect screen shares: the run's fixed services, and the app's changing state."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import Screen

from reflect.journal import Journal
from reflect.tui.services import Services

if TYPE_CHECKING:
    from reflect.tui.app import ReflectApp

ResultT = TypeVar("ResultT")


class BaseScreen(Screen[ResultT]):
    """A screen built with the run's :class:`Services`, reading the rest through the app.

    The journal is not kept on the screen: opening the demo from the welcome screen swaps
    it, and a screen that kept the first one would go on showing (and writing) the wrong
    journal. A worker reads ``self.journal`` once, at its start, and uses that one.
    """

    def __init__(
        self,
        services: Services,
        *,
        name: str | None = None,
        id: str | None = None,  # noqa: A002
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.services = services

    @property
    def reflect_app(self) -> ReflectApp:
        """The app, typed: only a :class:`ReflectApp` pushes these screens."""
        return cast("ReflectApp", self.app)

    @property
    def journal(self) -> Journal:
        """The journal open now (the person's own, or the demo's once they chose it)."""
        return self.reflect_app.journal
