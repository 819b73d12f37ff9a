"""The charts: matplotlib figures of the definitions (Pareto, Lorenz, funnel, matrix,
transitions, evolution, coverage). The outputs and the course draw with them.
"""
