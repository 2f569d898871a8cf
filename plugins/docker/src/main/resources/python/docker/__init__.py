"""Aloft's stand-in for the parts of docker-py that DAG files import (``docker.types``), for DockerOperator and DockerSwarmOperator.

DAG files only describe containers; the Java Docker plugin talks to the engine, so there is no client here.
"""
