"""Model loading, prompts, generation, PlantUML extraction, safety checks and rendering.

Nothing in this package imports Django, so it runs and is tested on its own.
"""
