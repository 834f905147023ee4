"""Errors the library raises. The CLI maps them to messages and exit codes; nothing else exits."""
from __future__ import annotations


class SummarizerError(Exception):
    """Base class for every error this package raises on purpose."""


class ConfigError(SummarizerError):
    """The configuration (file or flags) is invalid. Carries every problem found, not just the first."""

    def __init__(self, problems: list[str], source: str = "configuration"):
        self.problems = list(problems)
        self.source = source
        super().__init__(f"{source}: " + "; ".join(self.problems))


class UsageError(SummarizerError):
    """The user asked for something that cannot work (missing input, unknown format...)."""


class RecordError(SummarizerError):
    """One input record could not be read or extracted. The batch goes on without it."""

    def __init__(self, source: str, record: str, reason: str):
        self.source = source
        self.record = record
        self.reason = reason
        super().__init__(f"{source} [{record}]: {reason}")


class TemplateError(SummarizerError):
    """A jinja2 template or prompt could not be loaded or rendered."""


class PromptVariableError(TemplateError):
    """A model prompt template names variables the drafter does not give it (a typo in an editor's prompt)."""

    def __init__(self, prompt: str, names: list[str]):
        self.prompt = prompt
        self.names = sorted(names)
        super().__init__(f"prompt {prompt}: unknown variable(s) {', '.join(self.names)}")
