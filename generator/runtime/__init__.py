"""Runtime helpers the generated code carries, as real Python that is linted, typed and tested.

The templates include their definitions verbatim through ``runtime(module, *names)``
(generator/render/include.py): ``decode`` for dataclasses, ``validate`` and ``formats`` for validators.
These modules import nothing from the generator; generated code never imports them.
"""
