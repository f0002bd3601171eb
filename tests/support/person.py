"""A person who says sentences: the console's resolver turns them into Alexa's requests."""

from __future__ import annotations

from secure_differentiation.tools.nlu import ModelResolver
from support.alexa import AlexaDevice, Reply


class Person:
    """Says what a person would say; the interaction model decides the intent and slots."""

    def __init__(self, device: AlexaDevice, resolver: ModelResolver) -> None:
        self.device = device
        self.resolver = resolver

    def says(self, text: str) -> Reply:
        last = self.device.last
        eliciting = last.eliciting if last is not None and not last.ends_session else None
        resolution = self.resolver.resolve(text, eliciting=eliciting)
        if resolution.kind == "launch":
            return self.device.launch()
        if resolution.kind == "end":
            return self.device.end_session()
        intent = resolution.intent_json()
        speak = self.device.one_shot if resolution.one_shot else self.device.say
        return speak(intent["name"], **intent["slots"])
