"""Shared pytest set-up. Fixture factories for tiny tables live in the test modules that use them."""
