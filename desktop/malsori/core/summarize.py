"""Running a task on a text of any length: map-reduce within the model's context.

A text that fits (system message + instruction + text + the tokens reserved
for the answer <= max_model_len, counted conservatively by
:mod:`malsori.core.tokens`) is sent in one streamed request. A longer one is
split on segment boundaries into chunks that each fit; each chunk is answered
("map"); then the partial answers are combined ("reduce"), in groups and over
several rounds if they do not fit one request together. A translation is not
combined: its parts are simply put one after another.

If the server still finds a chunk too long (its tokenizer is less efficient
than the estimate assumes), that chunk is split in two and tried again.

Progress is reported as :class:`Step` values; ``on_text`` receives the text of
every step as it streams. A step is ``final`` when its text is part of the
answer (a single request, the last combine, or a translated part), so a front
end can show map steps while they run and replace them with the final answer.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import prompts, tokens
from .llm import Kind, LlmClient, LlmConfig, LlmError, Reply
from .prompts import Task

#: The smallest room for text worth sending; below it the answer takes the whole context.
MIN_TEXT_TOKENS = 64
#: Rounds of combining before giving up (each round must shrink the number of answers).
MAX_ROUNDS = 8
#: A chunk the server rejects as too long is split, at most this many times in a row.
MAX_SPLITS = 6


@dataclass(frozen=True)
class Step:
    """Request ``index`` of ``total`` (the total can grow when a chunk is split or
    another combine round is needed)."""

    index: int
    total: int
    phase: str  # "answer", "part" or "combine"
    final: bool
    part: int = 0  # the part number for "part" steps
    parts: int = 0


StepCallback = Callable[[Step], None]


def text_budget(task_messages: list[dict[str, str]], context: int, config: LlmConfig) -> int:
    """Tokens left for text in a request built from ``task_messages`` (whose text part is empty)."""
    budget = context - config.max_tokens - tokens.estimate_messages(task_messages)
    if budget < MIN_TEXT_TOKENS:
        raise LlmError(Kind.CONFIG, f"The model's context of {context} tokens leaves no room for text once "
                       f"{config.max_tokens} tokens are kept for the answer. Lower {config.hints.max_tokens}, "
                       "or choose a model with a longer context.")
    return budget


class _Run:
    def __init__(self, client: LlmClient, task: Task, context: int, on_text: Callable[[str], None] | None,
                 on_step: StepCallback | None, cancel: threading.Event | None):
        self.client, self.task, self.context = client, task, context
        self.on_text, self.on_step, self.cancel = on_text, on_step, cancel
        self.done = 0
        self.last_reply = Reply("")
        self.kept: list[str] = []  # answers finished so far, for the partial text on failure

    def ask(self, messages: list[dict[str, str]], step: Step) -> str:
        if self.on_step is not None:
            self.on_step(step)
        streamed: list[str] = []

        def text(piece: str) -> None:
            streamed.append(piece)
            if self.on_text is not None:
                self.on_text(piece)

        try:
            reply = self.client.stream_chat(messages, text, self.cancel)
        except LlmError as exc:
            kept = "\n\n".join([*self.kept, "".join(streamed)]).strip()
            raise exc.with_partial(kept) from None
        self.done += 1
        self.last_reply = reply
        return reply.text.strip()

    def map(self, chunks: Sequence[str]) -> list[str]:
        """Answer each chunk; a chunk the server finds too long is split and retried."""
        todo = deque((chunk, 0) for chunk in chunks)
        answers: list[str] = []
        while todo:
            chunk, splits = todo.popleft()
            count = len(answers) + 1 + len(todo)
            single = count == 1
            step = Step(self.done + 1, self.done + 1 + len(todo) + (0 if single or not self.task.combine else 1),
                        "answer" if single else "part", single or not self.task.combine, len(answers) + 1, count)
            if answers and not self.task.combine and self.on_text is not None:
                self.on_text("\n\n")  # a translation's parts follow one another
            messages = prompts.messages(self.task, chunk, None if single else (step.part, count))
            try:
                answers.append(self.ask(messages, step))
            except LlmError as exc:
                # A 400 "too long" comes before any text, so nothing shown is lost by retrying.
                if exc.kind is not Kind.CONTEXT or splits >= MAX_SPLITS or len(chunk) < 2:
                    raise
                todo.extendleft((half, splits + 1) for half in reversed(_halve(chunk)))
                continue
            self.kept.append(answers[-1])
        return answers

    def reduce(self, answers: list[str]) -> str:
        """Combine the parts' answers into one, in as many rounds as the context needs."""
        budget = text_budget(prompts.combine_messages(self.task, ""), self.context, self.client.config)
        for _ in range(MAX_ROUNDS):
            groups = tokens.pack(answers, budget, separator="\n\n")
            if len(groups) > 1 and len(groups) >= len(answers):
                break  # every answer alone fills a request: combining cannot shrink them
            combined: list[str] = []
            self.kept = []
            for i, group in enumerate(groups):
                remaining = len(groups) - i - 1
                step = Step(self.done + 1, self.done + 1 + remaining + (1 if len(groups) > 1 else 0),
                            "combine", len(groups) == 1)
                combined.append(self.ask(prompts.combine_messages(self.task, group), step))
                self.kept.append(combined[-1])
            if len(combined) == 1:
                return combined[0]
            answers = combined
        raise LlmError(Kind.CONTEXT, "The answers for the parts are too long to combine within the model's "
                       f"context. Lower {self.client.config.hints.max_tokens} or choose a shorter selection.",
                       "\n\n".join(answers))


def _halve(chunk: str) -> tuple[str, str]:
    """A chunk in two: between segments where it has several, else within its text."""
    lines = chunk.split("\n")
    if len(lines) > 1:
        middle = len(lines) // 2
        return "\n".join(lines[:middle]), "\n".join(lines[middle:])
    return tokens.halve(chunk)


def run(client: LlmClient, lines: Sequence[str], task: Task, context: int,
        on_text: Callable[[str], None] | None = None, on_step: StepCallback | None = None,
        cancel: threading.Event | None = None) -> Reply:
    """Answer ``task`` about the text made of ``lines`` (a transcript's segments),
    within a model context of ``context`` tokens. Raises LlmError, whose
    ``partial`` holds the answers finished so far and the text of the failed step."""
    lines = [line for line in (line.strip() for line in lines) if line]
    if not lines:
        raise LlmError(Kind.CONFIG, "There is no text to send: the selection is empty.")
    job = _Run(client, task, context, on_text, on_step, cancel)
    budget = text_budget(prompts.messages(task, "", (999, 999)), context, client.config)
    answers = job.map(tokens.pack(lines, budget))
    if len(answers) == 1:
        return job.last_reply
    if not task.combine:
        return Reply("\n\n".join(answers), job.last_reply.finish_reason)
    text = job.reduce(answers)
    return Reply(text, job.last_reply.finish_reason)


def answer(client: LlmClient, lines: Sequence[str], task: Task, on_answer: Callable[[str], None] | None = None,
           on_step: StepCallback | None = None, cancel: threading.Event | None = None) -> Reply:
    """:func:`run` within the context the server reports for the configured model, for a
    front end that shows only the answer: ``on_answer`` gets the text of final steps alone
    (a part's answer, streamed by a map step, is replaced by the combined one)."""
    final = False

    def step(value: Step) -> None:
        nonlocal final
        final = value.final
        if on_step is not None:
            on_step(value)

    def text(piece: str) -> None:
        if final and on_answer is not None:
            on_answer(piece)

    context = client.model_info(cancel).context
    return run(client, lines, task, context, text, step, cancel)
