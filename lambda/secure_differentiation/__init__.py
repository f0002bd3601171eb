"""Secure Differentiation: an Alexa skill for a daily practice of secure differentiation."""
